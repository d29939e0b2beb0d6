package com.gitbridge.api;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A refusal the API reports as {@code application/problem+json} with a stable {@code code} from the contract.
 * The detail is for people and never holds a secret.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ApiException(HttpStatus status, String code, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.code = code;
        this.properties = Map.copyOf(properties);
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found");
    }

    public static ApiException notAllowed(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "NOT_ALLOWED", detail);
    }

    /** 400 VALIDATION naming each field that is wrong, with what is wrong with it. */
    public static ApiException validation(Map<String, String> fieldErrors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION", "Some fields are not valid", Map.of("errors", fieldErrors));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
