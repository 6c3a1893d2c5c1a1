package io.atrium.directory.scim;

import io.atrium.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every error of the SCIM endpoints carries both the SCIM error body (RFC 7644 3.12: {@code schemas}, {@code status}
 * as a string, {@code scimType}, {@code detail}) and the RFC 9457 members ({@code type}, {@code title},
 * {@code detail}, plus Atrium's own such as {@code field}), so SCIM clients and problem-details clients both read them
 * (docs/adr/0012-scim-provisioning.md). It is sent as {@code application/scim+json}, or as
 * {@code application/problem+json} to a client that asks for that.
 */
@RestControllerAdvice(
        assignableTypes = {ScimUsersController.class, ScimGroupsController.class, ScimDiscoveryController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScimExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ScimExceptionHandler.class);

    @ExceptionHandler(Scim.Error.class)
    ResponseEntity<ObjectNode> scim(Scim.Error e, HttpServletRequest request) {
        return render(e.toProblem(), e.status, e.scimType, request);
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ObjectNode> problem(ProblemException e, HttpServletRequest request) {
        HttpStatus status = e.status();
        String scimType =
                switch (status) {
                    case CONFLICT -> "uniqueness";
                    case BAD_REQUEST -> "invalidValue";
                    default -> null;
                };
        // SCIM has no 422: a rule of the directory that the values break (an unknown or inactive manager, an unknown
        // member) is an invalid value.
        if (status == HttpStatus.UNPROCESSABLE_CONTENT) {
            status = HttpStatus.BAD_REQUEST;
            scimType = "invalidValue";
        }
        return render(e, status, scimType, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ObjectNode> forbidden(AccessDeniedException e, HttpServletRequest request) {
        return render(
                new ProblemException(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Forbidden",
                        "SCIM provisioning needs the scim or admin role (see docs/security.md)",
                        Map.of()),
                HttpStatus.FORBIDDEN,
                null,
                request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ObjectNode> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return scim(Scim.invalidSyntax("The request body is not well-formed JSON"), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ObjectNode> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return scim(Scim.invalidValue(e.getName() + " must be a number"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ObjectNode> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled SCIM error", e);
        return scim(
                new Scim.Error(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        null,
                        "The server could not complete the request; it has been logged"),
                request);
    }

    private static ResponseEntity<ObjectNode> render(
            ProblemException e, HttpStatus status, String scimType, HttpServletRequest request) {
        ProblemDetail problem = e.toProblemDetail();
        ObjectNode body = Scim.NODES.objectNode();
        body.putArray("schemas").add(Scim.ERROR);
        // SCIM's status is a string; RFC 9457 says a member of the wrong type is ignored, so problem clients use the
        // HTTP status line instead.
        body.put("status", String.valueOf(status.value()));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", problem.getDetail());
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        if (problem.getProperties() != null) {
            problem.getProperties().forEach((name, value) -> body.putPOJO(name, value));
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        MediaType type = accept != null && accept.contains(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                ? MediaType.APPLICATION_PROBLEM_JSON
                : Scim.MEDIA_TYPE;
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(type);
        if (status == HttpStatus.PRECONDITION_FAILED
                && problem.getProperties() != null
                && problem.getProperties().get("currentEtag") instanceof String etag) {
            response.header(HttpHeaders.ETAG, "W/" + etag);
        }
        return response.body(body);
    }
}
