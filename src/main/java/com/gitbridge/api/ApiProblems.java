package com.gitbridge.api;


import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.provider.ProviderException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Maps every failure of the JSON API to the contract's problem codes; nothing else reaches a client. */
@RestControllerAdvice(basePackages = "com.gitbridge")
class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
    private static final URI WEBHOOKS = URI.create("/webhooks");

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return problem(e.status(), e.code(), e.getMessage(), e.properties(), null);
    }

    /** Host failures that a feature did not translate into something more specific. */
    @ExceptionHandler(ProviderException.class)
    ResponseEntity<ProblemDetail> provider(ProviderException e) {
        log.info("Host refused or failed: {} ({})", e.kind(), e.getMessage());
        return switch (e.kind()) {
            case CREDENTIAL_REJECTED -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "CREDENTIAL_REJECTED", e.getMessage(), Map.of(), null);
            case FORBIDDEN, HOST_REJECTED -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "HOST_REJECTED", e.getMessage(), Map.of(), null);
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "NOT_FOUND", e.getMessage(), Map.of(), null);
            case BRANCH_EXISTS -> problem(HttpStatus.CONFLICT, "BRANCH_EXISTS", e.getMessage(), Map.of(), null);
            case RATE_LIMITED -> {
                long seconds = e.retryAfter() == null ? 60 : Math.max(1, e.retryAfter().toSeconds());
                yield problem(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", e.getMessage(),
                        Map.of("retryAfterSeconds", seconds), String.valueOf(seconds));
            }
            case HOST_UNAVAILABLE -> problem(e.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY,
                    "HOST_UNAVAILABLE", e.getMessage(), Map.of(), null);
        };
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> database(Exception e) {
        log.warn("Database unavailable: {}", e.getMessage());
        return databaseUnavailable();
    }

    @ExceptionHandler(JiraUnavailableException.class)
    ResponseEntity<ProblemDetail> jira(JiraUnavailableException e) {
        return problem(HttpStatus.BAD_GATEWAY, "JIRA_UNAVAILABLE", e.getMessage(), Map.of(), null);
    }

    /** A body that is not JSON, or JSON with a field of the wrong type: the field is named when Jackson knows it. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof RequestBodyTooLargeException) {
            return payloadTooLarge();
        }
        String field = e.getCause() instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        Map<String, String> errors = field.isEmpty()
                ? Map.of("body", "Send a JSON object")
                : Map.of(field, "Not of the expected type");
        return problem(HttpStatus.BAD_REQUEST, "VALIDATION", "The request is not valid JSON of the expected shape",
                Map.of("errors", errors), null);
    }

    /** A {@code @Valid} request body that breaks its constraints. */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e) {
        return api(ApiException.validation(FieldErrors.ofBody(e.getBindingResult())));
    }

    /** Constrained request parameters (and any body of the same handler) that break their constraints. */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e) {
        return api(ApiException.validation(FieldErrors.ofParameters(e.getParameterValidationResults())));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> wrongParameter(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "VALIDATION", "Some fields are not valid",
                Map.of("errors", Map.of(e.getName(), "Not of the expected type")), null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "VALIDATION", "Some fields are not valid",
                Map.of("errors", Map.of(e.getParameterName(), "Required")), null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "VALIDATION", "Send application/json", Map.of(), null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "NOT_FOUND", "No such operation", Map.of(), null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "Not found", Map.of(), null);
    }

    /** The host-call threads and their queue are all taken (see {@link HostCallThreads}). */
    @ExceptionHandler(TaskRejectedException.class)
    ResponseEntity<ProblemDetail> busy(TaskRejectedException e) {
        log.warn("Refused a host call: every host-call thread is busy and the queue is full");
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                "The service is busy; try again shortly", Map.of(), null);
    }

    @ExceptionHandler(AsyncRequestTimeoutException.class)
    ResponseEntity<ProblemDetail> hostTooSlow(AsyncRequestTimeoutException e) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, "HOST_UNAVAILABLE", "The host did not answer in time", Map.of(), null);
    }

    /** A body that grew past its limit while it was read (see {@link RequestBodyLimitFilter}). */
    @ExceptionHandler(RequestBodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestBodyTooLargeException e) {
        return payloadTooLarge();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseFailures.isUnavailable(e)) {
            return database(e);
        }
        log.error("Unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "Something went wrong on our side", Map.of(), null);
    }

    /** Writes {@code problem} from a filter, where no controller advice answers. No path in it: a webhook's holds its secret. */
    static void write(HttpServletResponse response, ObjectMapper json, ResponseEntity<ProblemDetail> problem)
            throws IOException {
        response.setStatus(problem.getStatusCode().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = json.writeValueAsBytes(problem.getBody());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    static ResponseEntity<ProblemDetail> databaseUnavailable() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                "The service is unavailable for a moment; try again shortly", Map.of(), null);
    }

    static ResponseEntity<ProblemDetail> payloadTooLarge() {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The request body is too large", Map.of(), null);
    }

    /** {@code credential.token} for a wrong type inside the credential object, as validation names fields. */
    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static boolean isWebhookRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getRequestURI().startsWith(WEBHOOKS + "/");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail,
                                                         Map<String, Object> properties, String retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("about:blank"));
        problem.setProperty("code", code);
        if (isWebhookRequest()) {
            // Spring would name the request path as the instance, and a webhook's path holds its secret.
            problem.setInstance(WEBHOOKS);
        }
        properties.forEach(problem::setProperty);
        var response = ResponseEntity.status(status);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }
}
