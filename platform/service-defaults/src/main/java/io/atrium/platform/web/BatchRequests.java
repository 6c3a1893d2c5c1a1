package io.atrium.platform.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST <collection>/batch}: up to {@value #MAX_OPERATIONS} creates, updates (merge patches with the version
 * they apply to) and upserts of one kind of record in one call, for integrations and imports. The call is one
 * transaction and each operation a savepoint in it, so each is atomic — an operation that fails leaves nothing of
 * itself, and never fails the others — and the answer is {@code 207 Multi-Status} with every operation's own status
 * and record or RFC 9457 problem, in the order sent. Each operation runs the service's ordinary use case: the same
 * checks, record access and events as the single-record endpoint. Only a failure of the platform itself (the
 * database unavailable, a bug) fails the whole call, as a 503 or 500 that committed nothing. A batch needs an
 * {@code Idempotency-Key}: the answer is recorded with the batch's changes and a retry replays it. A problem names
 * the fields of the operation's record or patch as the single-record endpoint would ({@code emails[0].address}), or
 * the operation's own field ({@code id}, {@code version}, {@code patch}, {@code record}).
 */
public class BatchRequests {

    public static final int MAX_OPERATIONS = 100;
    /** The OpenAPI description every batch endpoint shares. */
    public static final String DESCRIPTION = "Up to 100 creates, updates (a merge patch with the version it applies"
            + " to, as If-Match) and upserts (by the record's natural key) in one call. Each operation is atomic on its"
            + " own and runs the same checks, record access and events as the single-record endpoint; the answer is"
            + " 207 with each operation's status and record or problem, in the order sent. Only a failure of the"
            + " platform fails the whole call (503 or 500, nothing written). An Idempotency-Key is required: a retry"
            + " with the same key replays the first answer.";
    /** HTTP 207, which Spring's {@link HttpStatus} names. */
    static final HttpStatus MULTI_STATUS = HttpStatus.MULTI_STATUS;

    /** What one kind of record does for a batch: its ordinary use cases, called once per operation. */
    public interface Operations<D> {

        /** The writable representation a create or an upsert carries (validated as a create would be). */
        Class<D> details();

        Object create(D details, String actor);

        /** A merge patch applied to the record at {@code version}, as {@code PATCH} with {@code If-Match} does. */
        Object update(UUID id, Long version, JsonNode patch, String actor);

        /**
         * The record that {@code details}' natural key names (e.g. a contact's email), changed by the fields
         * {@code patch} (the operation's record as sent) sets; created from {@code details} when none exists. A kind
         * of record without a natural key answers 422.
         */
        default Upserted upsert(D details, JsonNode patch, String actor) {
            throw ProblemException.unprocessable(
                    "no-natural-key",
                    "This kind of record has no natural key to upsert by; create it, or update it by id",
                    java.util.Map.of("field", "op"));
        }
    }

    /** An upsert's outcome: the record, and whether it was created (201) or updated (200). */
    public record Upserted(Object record, boolean created) {}

    @Schema(name = "BatchRequest", description = "Up to 100 operations, applied in order, each atomic on its own")
    public record Request(
            @NotNull @Size(min = 1, max = MAX_OPERATIONS) @Valid
            List<@NotNull @Valid Operation> operations) {}

    @Schema(name = "BatchOperation", description = "One operation of a batch")
    public record Operation(
            @NotNull @Schema(description = "create, update or upsert")
            Kind op,

            @Schema(description = "The record to update (update only)")
            UUID id,

            @Schema(description = "The version the patch applies to, as If-Match (update only)")
            Long version,

            @Schema(
                    type = "object",
                    description =
                            "The record to create, or to upsert by its natural key, as the single create takes it (create, upsert)")
            JsonNode record,

            @Schema(type = "object", description = "A JSON merge patch, as the single PATCH takes it (update only)")
            JsonNode patch) {}

    @Schema(name = "BatchOperationKind")
    public enum Kind {
        create,
        update,
        upsert
    }

    @Schema(name = "BatchResponse", description = "What each operation did, in the order sent")
    public record Response(List<Result> results, int succeeded, int failed) {}

    @Schema(
            name = "BatchResult",
            description = "One operation's outcome: its HTTP status and either the record or a problem")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Result(
            int index,
            int status,

            @Schema(type = "object", description = "The record, as the single-record endpoint answers it")
            Object record,

            @Schema(ref = "#/components/schemas/Problem") ProblemDetail problem) {}

    private final IdempotentRequests idempotency;
    private final TransactionTemplate savepoint;
    private final JsonMapper json;
    private final MergePatchBinder binder;
    private final ProblemDetailsExceptionHandler problems;

    BatchRequests(
            IdempotentRequests idempotency,
            PlatformTransactionManager transactions,
            JsonMapper json,
            MergePatchBinder binder,
            ProblemDetailsExceptionHandler problems) {
        this.idempotency = idempotency;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.json = json;
        this.binder = binder;
        this.problems = problems;
    }

    /**
     * Runs {@code request}'s operations with {@code operations} and answers 207 with their results.
     *
     * @param scope the idempotency scope prefix of the collection (e.g. {@code contacts-batch:})
     */
    public <D> ResponseEntity<Object> execute(
            String scope, String idempotencyKey, Request request, Operations<D> operations) {
        if (idempotencyKey == null) {
            // A hundred writes may take longer than a client (or the gateway) waits: a retry must replay, not repeat.
            throw ProblemException.invalidField(
                    IdempotentRequests.HEADER,
                    "is required for a batch, so that a retry after a lost answer replays it instead of writing again");
        }
        return idempotency.executeForCaller(scope, idempotencyKey, request, () -> {
            String actor = CurrentActor.name();
            List<Result> results = new ArrayList<>(request.operations().size());
            int index = 0;
            for (Operation operation : request.operations()) {
                results.add(apply(index++, operation, operations, actor));
            }
            int failed = (int) results.stream().filter(r -> r.problem() != null).count();
            return ResponseEntity.status(MULTI_STATUS).body(new Response(results, results.size() - failed, failed));
        });
    }

    private <D> Result apply(int index, Operation operation, Operations<D> operations, String actor) {
        try {
            return savepoint.execute(status -> switch (operation.op()) {
                case create -> new Result(index, 201, operations.create(details(operation, operations), actor), null);
                case update -> {
                    UUID id = required(operation.id(), "id", operation);
                    Long version = required(operation.version(), "version", operation);
                    JsonNode patch = required(operation.patch(), "patch", operation);
                    yield new Result(index, 200, operations.update(id, version, patch, actor), null);
                }
                case upsert -> {
                    Upserted upserted = operations.upsert(details(operation, operations), operation.record(), actor);
                    yield new Result(index, upserted.created() ? 201 : 200, upserted.record(), null);
                }
            });
        } catch (RuntimeException e) {
            Optional<ProblemDetail> problem = problems.callerProblem(e);
            if (problem.isEmpty()) {
                throw e; // the platform failed, not this operation: the whole batch fails and commits nothing
            }
            return new Result(index, problem.get().getStatus(), null, problem.get());
        }
    }

    private <D> D details(Operation operation, Operations<D> operations) {
        JsonNode record = required(operation.record(), "record", operation);
        if (!record.isObject()) {
            throw ProblemException.invalidField("record", "must be a JSON object");
        }
        D details;
        try {
            details = json.treeToValue(record, operations.details());
        } catch (DatabindException e) {
            throw ProblemException.invalidField(
                    ProblemDetailsExceptionHandler.path(e, null), "is not a known field or has the wrong type");
        } catch (JacksonException e) {
            throw ProblemException.invalidField("record", "is not a valid record");
        }
        binder.validate(details);
        return details;
    }

    private static <T> T required(T value, String field, Operation operation) {
        if (value == null || (value instanceof JsonNode node && node.isNull())) {
            throw ProblemException.invalidField(field, "is required for " + operation.op());
        }
        return value;
    }
}
