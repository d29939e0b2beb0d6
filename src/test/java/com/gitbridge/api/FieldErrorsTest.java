package com.gitbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FieldErrorsTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    record Form(@NotNull(message = "missing") @Size(max = 3, message = "too long") @Pattern(regexp = "[a-z]*", message = "letters only") String word,
                @Pattern(regexp = "[0-9]*", message = "digits only") @Size(min = 2, message = "too short") String number) {
    }

    @Test
    void eachFieldIsToldItsMostBasicProblem() {
        assertThat(FieldErrors.of(VALIDATOR.validate(new Form(null, "1")))).isEqualTo(Map.of("word", "missing", "number", "too short"));
        assertThat(FieldErrors.of(VALIDATOR.validate(new Form("ABCD", "x")))).isEqualTo(Map.of("word", "too long", "number", "too short"));
        assertThat(FieldErrors.of(VALIDATOR.validate(new Form("AB", "xy")))).isEqualTo(Map.of("word", "letters only", "number", "digits only"));
        assertThat(FieldErrors.of(VALIDATOR.validate(new Form("ab", "12")))).isEmpty();
    }

    @Test
    void fieldsAreListedInAlphabeticalOrder() {
        assertThat(FieldErrors.of(VALIDATOR.validate(new Form(null, "x"))).keySet()).containsExactly("number", "word");
        assertThat(List.copyOf(FieldErrors.of(VALIDATOR.validate(new Form("ABCD", "12"))).keySet())).containsExactly("word");
    }
}
