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
 * A repository id that stays inside its host once it is put into a host's URL: given, at most 300 characters, not
 * starting with "/", and without "..", nor "%" or a backslash that a host could decode into one, nor control
 * characters. Missing or blank, the message asks for a repository.
 */
@Documented
@Constraint(validatedBy = RepositoryId.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@interface RepositoryId {

    String message() default "Not a repository id";

    String missing() default "Choose a repository";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<RepositoryId, String> {

        private String missing;

        @Override
        public void initialize(RepositoryId constraint) {
            missing = constraint.missing();
        }

        @Override
        public boolean isValid(String repository, ConstraintValidatorContext context) {
            if (repository == null || repository.isBlank()) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(missing).addConstraintViolation();
                return false;
            }
            return repository.length() <= 300 && !repository.startsWith("/") && !repository.contains("..")
                    && !repository.contains("%") && !repository.contains("\\")
                    && repository.chars().noneMatch(Character::isISOControl);
        }
    }
}
