package io.atrium.platform.web;

import io.atrium.platform.events.DeadLetters;
import io.atrium.platform.events.Failures;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Answers every error with an RFC 9457 problem ({@code application/problem+json}). Validation problems carry an
 * {@code errors} array that names each offending field; nothing about the server's internals leaks into a 500.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

    private final WebProperties properties;

    ProblemDetailsExceptionHandler(WebProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
        }
        if (e.location() != null) {
            response.header(HttpHeaders.LOCATION, e.location());
        }
        return response.body(e.toProblemDetail());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<ProblemException.FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> new ProblemException.FieldProblem(
                        lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return ResponseEntity.badRequest().body(validation(errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected =
                e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return ResponseEntity.badRequest()
                .body(validation(
                        List.of(new ProblemException.FieldProblem(e.getName(), "must be a valid " + expected))));
    }

    /** Method security ({@code @PreAuthorize}) denials surface here rather than in the filter chain. */
    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(org.springframework.security.access.AccessDeniedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "Your roles do not allow this operation (see docs/security.md)");
        problem.setType(Problems.type("forbidden"));
        problem.setTitle("Forbidden");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    /**
     * Text PostgreSQL cannot store (a NUL character) or a value it cannot read reaches the database only when no
     * earlier check caught it: still the caller's input, so a 400, and nothing was written.
     */
    @ExceptionHandler(org.springframework.dao.DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> dataError(org.springframework.dao.DataIntegrityViolationException e) {
        if (invalidValue(e)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST,
                    "A value in the request cannot be stored (for example it contains a NUL character)");
            problem.setType(Problems.type("invalid-value"));
            problem.setTitle("Invalid request");
            return ResponseEntity.badRequest().body(problem);
        }
        return unexpected(e);
    }

    /**
     * The problem of a request that failed through its own fault (invalid, conflicting, forbidden, not found: what
     * the handlers above answer with a 4xx), or empty when the platform failed (a dependency unavailable, a bug).
     * {@link BatchRequests} answers the first per operation and lets the second fail the whole call.
     */
    Optional<ProblemDetail> callerProblem(RuntimeException e) {
        ResponseEntity<ProblemDetail> answer = null;
        if (e instanceof ProblemException problem) {
            answer = problem(problem);
        } else if (e instanceof ConstraintViolationException violation) {
            answer = constraintViolation(violation);
        } else if (e instanceof org.springframework.security.access.AccessDeniedException denied) {
            answer = forbidden(denied);
        } else if (e instanceof org.springframework.dao.DataIntegrityViolationException data && invalidValue(data)) {
            answer =
                    dataError(data); // only the 400 case: any other is the platform's, logged once where it is answered
        }
        if (answer == null || !answer.getStatusCode().is4xxClientError()) {
            return Optional.empty();
        }
        return Optional.ofNullable(answer.getBody());
    }

    /** SQLSTATE class 22 (data exception): a value of the request PostgreSQL cannot store. */
    private static boolean invalidValue(org.springframework.dao.DataIntegrityViolationException e) {
        return e.getMostSpecificCause() instanceof java.sql.SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22");
    }

    @ExceptionHandler(DeadLetters.UnknownTopicException.class)
    ResponseEntity<ProblemDetail> unknownTopic(DeadLetters.UnknownTopicException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(Problems.type("not-found"));
        problem.setTitle("Topic not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    /**
     * Anything else is a 500 — unless it is transient (the database or Kafka unreachable, a connection lost, the pool
     * exhausted, a timeout, a lock or serialization conflict; see {@link Failures}): then a 503 with
     * {@code Retry-After}, since the same request may well succeed shortly.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        RequestBodyLimitFilter.BodyTooLargeException tooLarge = RequestBodyLimitFilter.BodyTooLargeException.find(e);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        if (Failures.isTransient(e)) {
            return unavailable(e);
        }
        log.error("Unhandled error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The server could not complete the request; it has been logged");
        problem.setType(Problems.type("internal"));
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    private ResponseEntity<ProblemDetail> unavailable(Exception e) {
        long retryAfter = Math.max(1, properties.unavailableRetryAfter().toSeconds());
        log.warn("A dependency is unavailable; answering 503: {}", e.toString());
        ProblemException unavailable = ProblemException.unavailable(
                "service-unavailable",
                "A service this request needs (such as the database) is unavailable right now; retry after "
                        + retryAfter + " s (a POST retried with the same Idempotency-Key is never applied twice)",
                retryAfter);
        return problem(unavailable);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ProblemException.FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ProblemException.FieldProblem(f.getField(), f.getDefaultMessage()))
                .collect(Collectors.toList());
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(new ProblemException.FieldProblem(g.getObjectName(), g.getDefaultMessage())));
        return ResponseEntity.badRequest().body(validation(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ProblemException.FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new ProblemException.FieldProblem(name(result), error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(validation(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyLimitFilter.BodyTooLargeException tooLarge = RequestBodyLimitFilter.BodyTooLargeException.find(e);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(tooLarge(tooLarge).getBody());
        }
        return ResponseEntity.badRequest().body(unreadable(e));
    }

    /** A body that passed atrium.web.max-request-body while it was read (see {@link RequestBodyLimitFilter}). */
    private static ResponseEntity<ProblemDetail> tooLarge(RequestBodyLimitFilter.BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(RequestBodyLimitFilter.problem(e.limit));
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            org.springframework.web.bind.ServletRequestBindingException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        if (e instanceof MissingRequestHeaderException missing) {
            return ResponseEntity.badRequest()
                    .body(validation(
                            List.of(new ProblemException.FieldProblem(missing.getHeaderName(), "header is required"))));
        }
        return super.handleServletRequestBindingException(e, headers, status, request);
    }

    /** Malformed JSON, an unknown field, or a value of the wrong type: say which field, never echo a stack trace. */
    static ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown, unknown.getPropertyName());
            return validation(List.of(new ProblemException.FieldProblem(field, "is not a known field")));
        }
        if (cause instanceof DatabindException mapping && !mapping.getPath().isEmpty()) {
            return validation(
                    List.of(new ProblemException.FieldProblem(path(mapping, null), "has the wrong type or format")));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                cause instanceof tools.jackson.core.exc.StreamConstraintsException
                        ? "The request body exceeds a limit of the JSON reader (field names up to 50,000 characters,"
                                + " nesting up to 500 levels, numbers up to 1,000 digits)"
                        : cause instanceof StreamReadException || cause instanceof JacksonException
                                ? "The request body is not well-formed JSON"
                                : "The request body is missing or unreadable");
        problem.setType(Problems.type("malformed-body"));
        problem.setTitle("Malformed request body");
        return problem;
    }

    static ProblemDetail validation(List<ProblemException.FieldProblem> errors) {
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(Problems.type("validation"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    static String path(DatabindException e, String leaf) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        if (path.isEmpty() && leaf != null) {
            return leaf;
        }
        return path.toString();
    }

    private static String name(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        var header = result.getMethodParameter()
                .getParameterAnnotation(org.springframework.web.bind.annotation.RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        var param = result.getMethodParameter()
                .getParameterAnnotation(org.springframework.web.bind.annotation.RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        return name;
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
