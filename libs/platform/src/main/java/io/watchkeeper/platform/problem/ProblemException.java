package io.watchkeeper.platform.problem;

import java.util.List;

/** Thrown by resources and services to answer with a problem+json of the given status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final java.util.Map<String, String> headers;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        this(status, title, detail, errors, java.util.Map.of());
    }

    public ProblemException(
            int status,
            String title,
            String detail,
            List<Problem.FieldError> errors,
            java.util.Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = java.util.Map.copyOf(headers);
    }

    /** 429 with {@code Retry-After} in whole seconds (at least 1). */
    public static ProblemException tooManyRequests(String detail, java.time.Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(
                429, "Too Many Requests", detail, null, java.util.Map.of("Retry-After", String.valueOf(seconds)));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "Not Found", what + " " + id + " does not exist", null);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(
                400, "Bad Request", field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, null);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }
}
