package io.atrium.platform.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error that the API answers with an RFC 9457 problem. Thrown from anywhere in a request (domain, service, web);
 * {@link ProblemDetailsExceptionHandler} renders it. Build them with the factories below so problem types stay few.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties;

    public ProblemException(
            HttpStatus status, String type, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.properties = new LinkedHashMap<>(properties);
    }

    public static ProblemException notFound(String resource, Object id) {
        return new ProblemException(
                HttpStatus.NOT_FOUND,
                "not-found",
                resource + " not found",
                "No " + resource + " with id " + id,
                Map.of());
    }

    /** A write that conflicts with existing data, e.g. a duplicate; {@code properties} say which record. */
    public static ProblemException conflict(String type, String detail, Map<String, Object> properties) {
        return new ProblemException(HttpStatus.CONFLICT, type, "Conflict", detail, properties);
    }

    /** A single invalid field. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(
                HttpStatus.BAD_REQUEST,
                "validation",
                "Invalid request",
                field + ": " + message,
                Map.of("errors", List.of(new FieldProblem(field, message))));
    }

    /** Several invalid fields at once: a 400 naming each (e.g. rules that depend on another field's value). */
    public static ProblemException invalidFields(List<FieldProblem> errors) {
        return new ProblemException(
                HttpStatus.BAD_REQUEST,
                "validation",
                "Invalid request",
                errors.stream()
                        .map(f -> f.field() + ": " + f.message())
                        .collect(java.util.stream.Collectors.joining("; ")),
                Map.of("errors", List.copyOf(errors)));
    }

    public static ProblemException unprocessable(String type, String detail, Map<String, Object> properties) {
        return new ProblemException(
                HttpStatus.UNPROCESSABLE_CONTENT, type, "Unprocessable request", detail, properties);
    }

    /**
     * The caller may see the record but not do this to it (record access: e.g. only the owner, their manager and
     * admins may re-own, win or delete a deal). A record the caller may not see at all is {@link #notFound} instead.
     */
    public static ProblemException forbidden(String type, String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, type, "Forbidden", detail, Map.of());
    }

    public static ProblemException preconditionRequired(String header) {
        return new ProblemException(
                HttpStatus.PRECONDITION_REQUIRED,
                "precondition-required",
                "Precondition required",
                "This write requires an " + header + " header with the resource's current ETag",
                Map.of("header", header));
    }

    public static ProblemException preconditionFailed(long currentVersion) {
        return new ProblemException(
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                "Precondition failed",
                "The resource has changed since it was read; fetch it again and retry with its current ETag",
                Map.of("currentEtag", ConditionalRequests.etag(currentVersion)));
    }

    /**
     * A dependency this request needs is unavailable right now; the client may retry after {@code retryAfterSeconds}.
     * Nothing was written.
     */
    public static ProblemException unavailable(String type, String detail, long retryAfterSeconds) {
        return new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE,
                type,
                "Service unavailable",
                detail,
                Map.of(RETRY_AFTER_PROPERTY, retryAfterSeconds));
    }

    /** The caller is over a limit; it may try again after {@code retryAfterSeconds}. Nothing was written. */
    public static ProblemException tooManyRequests(String type, String detail, long retryAfterSeconds) {
        return new ProblemException(
                HttpStatus.TOO_MANY_REQUESTS,
                type,
                "Too many requests",
                detail,
                Map.of(RETRY_AFTER_PROPERTY, retryAfterSeconds));
    }

    /**
     * The record now lives elsewhere for good (a duplicate merged into another): 301 with a {@code Location} header,
     * which clients following redirects (browsers' fetch) take to the survivor; the body says the same as a problem.
     */
    public static ProblemException movedPermanently(
            String type, String detail, String location, Map<String, Object> properties) {
        Map<String, Object> withLocation = new LinkedHashMap<>(properties);
        withLocation.put(LOCATION_PROPERTY, location);
        return new ProblemException(HttpStatus.MOVED_PERMANENTLY, type, "Moved permanently", detail, withLocation);
    }

    static final String RETRY_AFTER_PROPERTY = "retryAfterSeconds";
    static final String LOCATION_PROPERTY = "location";

    /** Where a 301 points, for the Location header, or null. */
    String location() {
        return status == HttpStatus.MOVED_PERMANENTLY && properties.get(LOCATION_PROPERTY) instanceof String location
                ? location
                : null;
    }

    /** Seconds the client should wait before retrying, for the Retry-After header, or null. */
    Long retryAfterSeconds() {
        return properties.get(RETRY_AFTER_PROPERTY) instanceof Long seconds ? seconds : null;
    }

    public HttpStatus status() {
        return status;
    }

    /** The problem type's slug, e.g. {@code duplicate-contact-email}. */
    public String type() {
        return type;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(Problems.type(type));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** One field and what is wrong with it; {@code field} is a JSON path such as {@code emails[0].address}. */
    public record FieldProblem(String field, String message) {}
}
