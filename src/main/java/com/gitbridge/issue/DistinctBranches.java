package com.gitbridge.issue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.gitbridge.issue.IssueActions.PullRequestRequest;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A pull request merges into a branch other than its source, reported on {@code targetBranch}. Only asked once the
 * source branch is a valid name: until then, the source branch's own problem is the one to fix.
 */
@Documented
@Constraint(validatedBy = DistinctBranches.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface DistinctBranches {

    String message() default "Choose a target branch other than the source branch";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<DistinctBranches, PullRequestRequest> {

        @Override
        public boolean isValid(PullRequestRequest request, ConstraintValidatorContext context) {
            if (request == null || BranchNames.problem(request.sourceBranch()) != null
                    || !request.sourceBranch().equals(request.targetBranch())) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("targetBranch").addConstraintViolation();
            return false;
        }
    }
}
