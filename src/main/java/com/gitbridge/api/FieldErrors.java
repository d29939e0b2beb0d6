package com.gitbridge.api;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;

/**
 * Bean Validation's findings as the contract's {@code errors}: field name to message, one message per field, fields
 * in alphabetical order. A field that breaks several constraints is told the most basic: that it is missing, then
 * that its length is wrong, then the rest.
 */
public final class FieldErrors {

    private record Finding(String field, int rank, String message) {
    }

    private static final Comparator<Finding> MOST_BASIC_FIRST =
            Comparator.comparingInt(Finding::rank).thenComparing(Finding::message);

    private final Map<String, Finding> findings = new TreeMap<>();

    private FieldErrors() {
    }

    /** The errors of violations found on a request body, each named by its property path ({@code credential.token}). */
    public static Map<String, String> of(Collection<? extends ConstraintViolation<?>> violations) {
        FieldErrors errors = new FieldErrors();
        violations.forEach(violation -> errors.add(violation.getPropertyPath().toString(), violation, violation.getMessage()));
        return errors.asMap();
    }

    /** What Spring MVC found validating a {@code @Valid @RequestBody}. */
    static Map<String, String> ofBody(Errors binding) {
        FieldErrors errors = new FieldErrors();
        errors.addAll(binding);
        return errors.asMap();
    }

    /** What Spring MVC found validating a handler's parameters: a constrained parameter is named as it is declared. */
    static Map<String, String> ofParameters(Collection<ParameterValidationResult> results) {
        FieldErrors errors = new FieldErrors();
        for (ParameterValidationResult result : results) {
            if (result instanceof ParameterErrors body) {
                errors.addAll(body);
                continue;
            }
            String parameter = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(parameter, violation(() -> result.unwrap(error, ConstraintViolation.class)), error.getDefaultMessage());
            }
        }
        return errors.asMap();
    }

    private void addAll(Errors binding) {
        binding.getAllErrors().forEach(error -> add(error instanceof FieldError field ? field.getField() : "body",
                violation(() -> error.unwrap(ConstraintViolation.class)), error.getDefaultMessage()));
    }

    private void add(String field, ConstraintViolation<?> violation, String message) {
        Finding finding = new Finding(field, rank(violation), message == null ? "Not valid" : message);
        findings.merge(field, finding, (one, other) -> MOST_BASIC_FIRST.compare(one, other) <= 0 ? one : other);
    }

    private Map<String, String> asMap() {
        Map<String, String> errors = new LinkedHashMap<>();
        findings.forEach((field, finding) -> errors.put(field, finding.message()));
        return errors;
    }

    private static int rank(ConstraintViolation<?> violation) {
        if (violation == null) {
            return 2;
        }
        Class<? extends Annotation> constraint = violation.getConstraintDescriptor().getAnnotation().annotationType();
        if (constraint == NotNull.class || constraint == NotEmpty.class || constraint == NotBlank.class) {
            return 0;
        }
        return constraint == Size.class ? 1 : 2;
    }

    /** The violation behind one of Spring's errors, or {@code null} where Spring found the error itself. */
    private static ConstraintViolation<?> violation(Supplier<ConstraintViolation<?>> unwrap) {
        try {
            return unwrap.get();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
