package io.watchkeeper.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.watchkeeper.platform.faults.Failures;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error a REST caller sees is {@code application/problem+json}. */
public class ProblemMappers {

    public static final String RETRY_AFTER_SECONDS = "5";
    static final String UNAVAILABLE =
            "a dependency (database, message broker or identity provider) is unavailable; retry later";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.status(), e.title(), e.getMessage(), uri, e.errors());
        e.headers().forEach((name, value) -> response.getHeaders().putSingle(name, value));
        return response;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(400, "Bad Request", detail, uri, errors);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String detail = e instanceof InvalidFormatException || e instanceof MismatchedInputException
                ? (field.isEmpty() ? "" : field + ": ") + "wrong type or format"
                : "body is not valid JSON";
        List<Problem.FieldError> errors =
                field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, "wrong type or format"));
        return respond(400, "Bad Request", detail, uri, errors);
    }

    /** More specific than quarkus-rest-jackson's built-in mapper, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        return respond(
                status,
                Response.Status.fromStatusCode(status) == null
                        ? "Error"
                        : Response.Status.fromStatusCode(status).getReasonPhrase(),
                e.getMessage(),
                uri,
                List.of());
    }

    /**
     * No token, or one that does not verify: 401 with the Bearer challenge (RFC 6750). A token that could not be
     * checked because the OIDC provider is unreachable (its keys not loaded yet) is not the caller's fault: 503.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        if (Failures.isTransient(e)) {
            return unavailable(e, uri);
        }
        return Response.fromResponse(respond(401, "Unauthorized", "a valid bearer token is required", uri, List.of()))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "Forbidden", "the token's roles do not allow this operation", uri, List.of());
    }

    /**
     * What no other mapper knows: the database or broker unreachable → 503 with {@code Retry-After} (the caller may
     * retry, nothing was changed half-way: every write is one transaction); a value the database refuses (SQLSTATE
     * class 22, e.g. NUL in text) → 400; anything else → 500, logged with the request path.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (Failures.isTransient(e)) {
            return unavailable(e, uri);
        }
        if (Failures.isRefusedValue(e)) {
            return respond(
                    400,
                    "Bad Request",
                    "a value was refused as invalid text or number: " + e.getMessage(),
                    uri,
                    List.of());
        }
        Log.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(
                500, "Internal Server Error", "an unexpected error occurred; it has been logged", uri, List.of());
    }

    private static Response unavailable(Throwable e, UriInfo uri) {
        Log.warnf("%s: a dependency is unavailable: %s", uri.getPath(), e.toString());
        return Response.fromResponse(respond(503, "Service Unavailable", UNAVAILABLE, uri, List.of()))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    private static Response respond(
            int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status, detail, uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** "create.request.graceSeconds" → "graceSeconds": callers know fields, not Java methods. */
    private static String field(ConstraintViolation<?> violation) {
        // container elements appear as ".<list element>": the index already names the element
        String path = violation.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "");
        String[] parts = path.split("\\.");
        if (parts.length <= 2) {
            return parts[parts.length - 1];
        }
        // a list body: "alerts.alerts[0].labels" → "[0].labels"
        String index = parts[1].contains("[") ? parts[1].substring(parts[1].indexOf('[')) : "";
        return (index.isEmpty() ? "" : index + ".")
                + String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
