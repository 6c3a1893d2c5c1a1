package io.atrium.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * The shared shape of every Atrium service's OpenAPI document, so that a typed client generated from it is worth
 * having: {@code info} from {@link ApiProperties}, the bearer security scheme on every operation, the problem schema
 * and a reusable response for each error status, and on each operation every error it can answer (see
 * {@link ApiErrors} for what is inferred and what is declared). Operation ids and summaries come from each
 * controller's {@code @Operation}; {@code ApiContract} in atrium-test-support fails a service's build when one is
 * missing or an id is not unique.
 */
public final class ApiDocumentation {

    public static final String BEARER = "bearer";
    public static final String PROBLEM = "Problem";
    public static final String FIELD_PROBLEM = "FieldProblem";
    public static final String SCIM_ERROR = "ScimError";

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String SCIM_JSON = "application/scim+json";

    private ApiDocumentation() {}

    /** The error statuses documented, with what each means for any operation that answers it. */
    enum Error {
        MOVED_PERMANENTLY(
                HttpStatus.MOVED_PERMANENTLY,
                "MovedPermanently",
                "The record was merged into another: `Location` (and `mergedInto`) name the survivor, which holds its"
                        + " data now. Clients that follow redirects land there.",
                "contact-merged",
                "Moved permanently",
                "Contact 0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b was merged into contact"
                        + " 0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0b2c"),
        BAD_REQUEST(
                HttpStatus.BAD_REQUEST,
                "BadRequest",
                "The request is invalid: a field, parameter or header breaks a rule (each is named in `errors`), or"
                        + " the body is not well-formed JSON.",
                "validation",
                "Invalid request",
                "lastName: size must be between 0 and 100"),
        UNAUTHORIZED(
                HttpStatus.UNAUTHORIZED,
                "Unauthorized",
                "No valid bearer token: it is missing, expired, or not signed by the configured issuer.",
                "unauthenticated",
                "Authentication required",
                "A valid bearer token is required"),
        FORBIDDEN(
                HttpStatus.FORBIDDEN,
                "Forbidden",
                "The token's roles do not allow this operation, or record access does not let the caller do it to"
                        + " this record (see docs/security.md).",
                "forbidden",
                "Forbidden",
                "Your roles do not allow this operation (see docs/security.md)"),
        NOT_FOUND(
                HttpStatus.NOT_FOUND,
                "NotFound",
                "No such record, or one the caller may not see.",
                "not-found",
                "Record not found",
                "No record with id 0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b"),
        CONFLICT(
                HttpStatus.CONFLICT,
                "Conflict",
                "The change conflicts with existing data (a duplicate, whose id the problem names) or with the"
                        + " record's state (e.g. a closed deal, an archived pipeline).",
                "duplicate",
                "Conflict",
                "Another record already uses this value"),
        GONE(
                HttpStatus.GONE,
                "Gone",
                "The record's personal data was erased (GDPR art. 17): it is gone for good.",
                "erased",
                "Contact erased",
                "The personal data of contact 0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b was erased"),
        PRECONDITION_FAILED(
                HttpStatus.PRECONDITION_FAILED,
                "PreconditionFailed",
                "The record changed since it was read: `If-Match` is not its current ETag, which `currentEtag` gives."
                        + " Read it again, re-apply the change and retry.",
                "precondition-failed",
                "Precondition failed",
                "The resource has changed since it was read; fetch it again and retry with its current ETag"),
        CONTENT_TOO_LARGE(
                HttpStatus.CONTENT_TOO_LARGE,
                "ContentTooLarge",
                "The request body is larger than the service reads (1 MB by default).",
                "body-too-large",
                "Request body too large",
                "The request body exceeds the limit of 1048576 bytes"),
        UNPROCESSABLE_CONTENT(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "UnprocessableContent",
                "The request is well-formed but cannot be applied: it refers to a record or user that does not exist"
                        + " or is not active, or it reuses an `Idempotency-Key` with a different body.",
                "unknown-reference",
                "Unprocessable request",
                "ownerId: no active user with this id"),
        PRECONDITION_REQUIRED(
                HttpStatus.PRECONDITION_REQUIRED,
                "PreconditionRequired",
                "This write needs an `If-Match` header with the record's current ETag.",
                "precondition-required",
                "Precondition required",
                "This write requires an If-Match header with the resource's current ETag"),
        TOO_MANY_REQUESTS(
                HttpStatus.TOO_MANY_REQUESTS,
                "TooManyRequests",
                "The caller is over its rate limit at the gateway; retry after `Retry-After` seconds.",
                "rate-limited",
                "Too many requests",
                "Rate limit exceeded; retry after 1 s"),
        SERVICE_UNAVAILABLE(
                HttpStatus.SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "A dependency (the database, another service) is unavailable right now and nothing was written; retry"
                        + " after `Retry-After` seconds (a POST retried with the same `Idempotency-Key` is never applied"
                        + " twice).",
                "service-unavailable",
                "Service unavailable",
                "A service this request needs (such as the database) is unavailable right now; retry after 5 s");

        final HttpStatus status;
        final String component;
        final String description;
        final String type;
        final String title;
        final String detail;

        Error(HttpStatus status, String component, String description, String type, String title, String detail) {
            this.status = status;
            this.component = component;
            this.description = description;
            this.type = type;
            this.title = title;
            this.detail = detail;
        }

        String code() {
            return String.valueOf(status.value());
        }

        boolean retryAfter() {
            return this == TOO_MANY_REQUESTS || this == SERVICE_UNAVAILABLE;
        }

        static Error of(HttpStatus status) {
            for (Error error : values()) {
                if (error.status == status) {
                    return error;
                }
            }
            throw new IllegalArgumentException("No documented problem response for " + status);
        }
    }

    /** The errors a SCIM endpoint answers itself, as SCIM errors. */
    private static final Set<Error> SCIM_SHAPED =
            EnumSet.of(Error.BAD_REQUEST, Error.FORBIDDEN, Error.NOT_FOUND, Error.CONFLICT, Error.PRECONDITION_FAILED);

    /** Info, the relative server, the bearer scheme required everywhere, the problem schemas and responses, tags. */
    public static OpenApiCustomizer document(ApiProperties properties, String applicationName, String buildVersion) {
        return openApi -> {
            Info info = openApi.getInfo() == null ? new Info() : openApi.getInfo();
            info.setTitle(properties.title() != null ? properties.title() : "Atrium " + applicationName + " API");
            info.setVersion(properties.version() != null ? properties.version() : buildVersion);
            info.setDescription(
                    properties.description() != null
                            ? properties.description()
                            : "The HTTP API of Atrium's " + applicationName + ".");
            openApi.setInfo(info);
            openApi.setServers(List.of(new Server()
                    .url("/")
                    .description("Relative: the service itself, or the gateway when read from its /docs")));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            components.addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .bearerFormat("JWT")
                            .description("An access token from the configured OpenID Connect provider (auth-server"
                                    + " locally); roles in its `roles` claim (see docs/security.md)."));
            components.addSchemas(FIELD_PROBLEM, fieldProblemSchema());
            components.addSchemas(PROBLEM, problemSchema());
            components.addSchemas(SCIM_ERROR, scimErrorSchema());
            for (Error error : Error.values()) {
                components.addResponses(error.component, response(error, false));
                components.addResponses("Scim" + error.component, response(error, true));
            }
            components.addHeaders(
                    "RetryAfter",
                    new Header()
                            .description("Seconds to wait before retrying")
                            .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)));
            openApi.setComponents(components);
            openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
            dropUnusedScimResponses(openApi);
            sortTags(openApi);
        };
    }

    /** Every error an operation can answer, by reference to the shared responses, with examples. */
    public static OperationCustomizer errors() {
        return (operation, handler) -> {
            ApiErrors declared = declared(handler);
            boolean scim = declared != null && declared.format() == ApiErrors.Format.SCIM;
            Set<Error> errors = EnumSet.of(Error.UNAUTHORIZED, Error.TOO_MANY_REQUESTS, Error.SERVICE_UNAVAILABLE);
            boolean input = false;
            for (MethodParameter parameter : handler.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(PathVariable.class)) {
                    errors.add(Error.NOT_FOUND);
                    input = true;
                }
                if (parameter.hasParameterAnnotation(RequestBody.class)) {
                    errors.add(Error.CONTENT_TOO_LARGE);
                    input = true;
                }
                if (parameter.hasParameterAnnotation(RequestParam.class)) {
                    input = true;
                }
                RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
                if (header != null) {
                    input = true;
                    String name = header.name().isEmpty() ? header.value() : header.name();
                    // 428 (If-Match missing) only where the write requires it, which @ApiErrors declares.
                    if (ConditionalRequests.IF_MATCH.equalsIgnoreCase(name)) {
                        errors.add(Error.PRECONDITION_FAILED);
                    }
                    if (IdempotentRequests.HEADER.equalsIgnoreCase(name)) {
                        errors.add(Error.UNPROCESSABLE_CONTENT);
                    }
                }
            }
            if (input) {
                errors.add(Error.BAD_REQUEST);
            }
            if (AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PreAuthorize.class)
                    || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), PreAuthorize.class)) {
                errors.add(Error.FORBIDDEN);
            }
            if (declared != null) {
                for (HttpStatus status : declared.value()) {
                    errors.add(Error.of(status));
                }
            }
            if (scim && errors.remove(Error.UNPROCESSABLE_CONTENT)) {
                errors.add(Error.BAD_REQUEST);
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            // springdoc reads the exception handlers of the controller advice as if they answered 200 or 500; the
            // errors are documented here instead, each by its own status.
            responses
                    .entrySet()
                    .removeIf(entry ->
                            entry.getKey().startsWith("4") || entry.getKey().startsWith("5"));
            for (Error error : errors) {
                // The token check (401), the body limit (413) and the gateway (429, 503) answer before the SCIM
                // controller does, so those stay plain problems.
                boolean scimShaped = scim && SCIM_SHAPED.contains(error);
                responses.addApiResponse(
                        error.code(),
                        new ApiResponse()
                                .$ref("#/components/responses/" + (scimShaped ? "Scim" : "") + error.component));
            }
            operation.setResponses(sorted(responses));
            return operation;
        };
    }

    private static ApiErrors declared(HandlerMethod handler) {
        Method method = handler.getMethod();
        ApiErrors onMethod = AnnotatedElementUtils.findMergedAnnotation(method, ApiErrors.class);
        ApiErrors onType = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), ApiErrors.class);
        if (onMethod == null || onType == null) {
            return onMethod == null ? onType : onMethod;
        }
        return merged(onType, onMethod);
    }

    private static ApiErrors merged(ApiErrors type, ApiErrors method) {
        Set<HttpStatus> statuses = EnumSet.noneOf(HttpStatus.class);
        statuses.addAll(List.of(type.value()));
        statuses.addAll(List.of(method.value()));
        HttpStatus[] all = statuses.toArray(HttpStatus[]::new);
        return new ApiErrors() {
            @Override
            public HttpStatus[] value() {
                return all;
            }

            @Override
            public Format format() {
                return method.format() != Format.PROBLEM ? method.format() : type.format();
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ApiErrors.class;
            }
        };
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        sorted.setExtensions(responses.getExtensions());
        return sorted;
    }

    private static ApiResponse response(Error error, boolean scim) {
        Map<String, Object> example = new LinkedHashMap<>();
        if (scim) {
            example.put("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:Error"));
            example.put("status", error.code());
        }
        example.put("type", Problems.TYPE_PREFIX + error.type);
        example.put("title", error.title);
        if (!scim) {
            example.put("status", error.status.value());
        }
        example.put("detail", error.detail);
        if (error == Error.BAD_REQUEST && !scim) {
            example.put("errors", List.of(Map.of("field", "lastName", "message", "size must be between 0 and 100")));
        }
        if (error == Error.PRECONDITION_FAILED) {
            example.put("currentEtag", "\"4\"");
        }
        if (error == Error.SERVICE_UNAVAILABLE) {
            example.put("retryAfterSeconds", 5);
        }
        if (error == Error.CONFLICT) {
            example.put("existingId", "0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b");
        }
        Content content = new Content();
        Example named = new Example().summary(error.title).value(example);
        if (scim) {
            content.addMediaType(
                    SCIM_JSON,
                    new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + SCIM_ERROR))
                            .examples(Map.of(error.type, named)));
        }
        content.addMediaType(
                PROBLEM_JSON,
                new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + (scim ? SCIM_ERROR : PROBLEM)))
                        .examples(Map.of(error.type, named)));
        ApiResponse response = new ApiResponse().description(error.description).content(content);
        if (error.retryAfter()) {
            response.addHeaderObject("Retry-After", new Header().$ref("#/components/headers/RetryAfter"));
        }
        if (error == Error.MOVED_PERMANENTLY) {
            response.addHeaderObject(
                    "Location", new Header().description("The survivor's URL").schema(new StringSchema()));
        }
        if (error == Error.UNAUTHORIZED) {
            response.addHeaderObject(
                    "WWW-Authenticate", new Header().description("`Bearer`").schema(new StringSchema()));
        }
        return response;
    }

    private static Schema<?> fieldProblemSchema() {
        return new ObjectSchema()
                .description("One invalid field and what is wrong with it")
                .addProperty(
                        "field",
                        new StringSchema()
                                .description("A JSON path into the request, a parameter or a header name")
                                .example("emails[0].address"))
                .addProperty("message", new StringSchema().example("must be a well-formed email address"))
                .required(List.of("field", "message"));
    }

    private static Schema<?> problemSchema() {
        ObjectSchema problem = new ObjectSchema();
        problem.description("An RFC 9457 problem: every error of the API. `type` is a stable identifier to branch on"
                        + " (`urn:atrium:problem:<slug>`, listed in docs/architecture.md); `title` and `detail` are for"
                        + " people. Some types add members, e.g. `errors` (validation), `currentEtag` (412) or the id"
                        + " of an existing record (409 duplicates).")
                .addProperty("type", new StringSchema().format("uri").example(Problems.TYPE_PREFIX + "validation"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("lastName: size must be between 0 and 100"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").example("/api/v1/contacts"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new Schema<>().$ref("#/components/schemas/" + FIELD_PROBLEM))
                                .description("Validation problems: each offending field"))
                .addProperty(
                        "currentEtag",
                        new StringSchema()
                                .description("412: the record's current ETag")
                                .example("\"4\""))
                .addProperty(
                        "retryAfterSeconds", new IntegerSchema().description("503: seconds before a retry may succeed"))
                .required(List.of("type", "title", "status"));
        problem.setAdditionalProperties(Boolean.TRUE);
        return problem;
    }

    private static Schema<?> scimErrorSchema() {
        ObjectSchema error = new ObjectSchema();
        error.description("A SCIM 2.0 error (RFC 7644 3.12) that is also an RFC 9457 problem")
                .addProperty(
                        "schemas",
                        new ArraySchema()
                                .items(new StringSchema().example("urn:ietf:params:scim:api:messages:2.0:Error")))
                .addProperty(
                        "status",
                        new StringSchema()
                                .description("The HTTP status, as a string")
                                .example("400"))
                .addProperty(
                        "scimType",
                        new StringSchema()
                                .description("e.g. invalidValue, invalidSyntax, uniqueness, mutability")
                                .example("invalidValue"))
                .addProperty("detail", new StringSchema())
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .required(List.of("schemas", "status"));
        error.setAdditionalProperties(Boolean.TRUE);
        return error;
    }

    /** A document without SCIM operations keeps no SCIM components, so it has nothing unused. */
    private static void dropUnusedScimResponses(OpenAPI openApi) {
        boolean scim = openApi.getPaths() != null
                && openApi.getPaths().values().stream()
                        .flatMap(path -> path.readOperations().stream())
                        .map(Operation::getResponses)
                        .filter(java.util.Objects::nonNull)
                        .flatMap(responses -> responses.values().stream())
                        .anyMatch(response -> response.get$ref() != null
                                && response.get$ref().startsWith("#/components/responses/Scim"));
        Map<String, ApiResponse> used = new HashMap<>();
        if (openApi.getPaths() != null) {
            openApi.getPaths().values().stream()
                    .flatMap(path -> path.readOperations().stream())
                    .map(Operation::getResponses)
                    .filter(java.util.Objects::nonNull)
                    .flatMap(responses -> responses.values().stream())
                    .map(ApiResponse::get$ref)
                    .filter(java.util.Objects::nonNull)
                    .forEach(ref -> used.put(ref.substring(ref.lastIndexOf('/') + 1), null));
        }
        Components components = openApi.getComponents();
        components.getResponses().keySet().removeIf(name -> !used.containsKey(name));
        if (!scim) {
            components.getSchemas().remove(SCIM_ERROR);
        }
        boolean retryAfter = components.getResponses().containsKey("TooManyRequests")
                || components.getResponses().containsKey("ScimTooManyRequests");
        if (!retryAfter) {
            components.getHeaders().remove("RetryAfter");
        }
    }

    private static void sortTags(OpenAPI openApi) {
        if (openApi.getTags() == null) {
            return;
        }
        List<Tag> tags = new ArrayList<>(openApi.getTags());
        tags.sort(Comparator.comparing(Tag::getName));
        openApi.setTags(tags);
    }
}
