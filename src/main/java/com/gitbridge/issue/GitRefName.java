package com.gitbridge.issue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A name git accepts for a branch ({@link BranchNames#problem}), with git's reason as the message when it does not.
 * {@code null} and the empty string pass: a field says with {@code @NotEmpty} what to ask for when it is missing.
 */
@Documented
@Constraint(validatedBy = GitRefName.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@interface GitRefName {

    String message() default "Not a branch name git accepts";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<GitRefName, String> {

        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            if (name == null || name.isEmpty()) {
                return true;
            }
            String problem = BranchNames.problem(name);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(literal(problem)).addConstraintViolation();
            return false;
        }

        /** {@code text} as a message template that reads as itself: git's reasons name "@{" and the backslash. */
        private static String literal(String text) {
            return text.replaceAll("([\\\\{}$])", "\\\\$1");
        }
    }
}
