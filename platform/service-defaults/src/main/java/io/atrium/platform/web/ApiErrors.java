package io.atrium.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.HttpStatus;

/**
 * The error answers of an operation that its signature does not reveal, for its OpenAPI document. The
 * {@link ApiDocumentation} customizer infers the rest from the handler itself: 400 when it takes input, 401 always,
 * 403 with {@code @PreAuthorize}, 404 with a path variable, 412 with {@code If-Match}, 413 with a body, 422
 * with {@code Idempotency-Key} (a key reused with another body), and 429 and 503 always. Declare here what only the
 * domain knows, typically 409 (a duplicate, or a state that forbids the change), 422 (a reference to an unknown
 * record, an owner who is not an active user) and 428 (a write that requires {@code If-Match}).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ApiErrors {

    /** Statuses this operation can answer besides those inferred. */
    HttpStatus[] value() default {};

    /** How the body of an error is shaped. */
    Format format() default Format.PROBLEM;

    enum Format {
        /** RFC 9457 {@code application/problem+json}, as everywhere in Atrium. */
        PROBLEM,
        /**
         * SCIM 2.0 errors (RFC 7644 3.12) that are also problems, sent as {@code application/scim+json} or, when
         * asked for, {@code application/problem+json}; SCIM has no 422, so such an error is a 400.
         */
        SCIM
    }
}
