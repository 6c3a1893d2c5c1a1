package io.atrium.platform.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST: the key is recorded insert-first in the same transaction as the create, with the
 * response. A retry with the same key and the same body gets the first response again (marked
 * {@code Idempotent-Replayed: true}), never a second resource; a concurrent retry waits for the first to commit. The
 * same key with a different body is a 422 problem. A create that fails records nothing, so a retry runs again.
 *
 * <p>A stored response can name a person, so each row also records every id its location and body mention
 * ({@code subjects}); an erasure deletes the responses that mention the erased record, or a record it scrubbed, with
 * {@link #forgetMentioning} in its own transaction.
 */
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private static final int EXPIRY_BATCH = 1_000;

    private final Duration retention;

    public IdempotentRequests(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json, Duration retention) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.retention = retention;
    }

    /**
     * Runs {@code create} once for {@code key} within {@code scope} (e.g. {@code contacts}).
     *
     * @param request the request body, to recognise a key reused for a different request
     */
    public ResponseEntity<Object> execute(
            String scope, String key, Object request, Supplier<? extends ResponseEntity<?>> create) {
        if (key == null) {
            return transactions.execute(status -> cast(create.get()));
        }
        if (key.length() > 255 || !VALID_KEY.matcher(key).matches()) {
            throw ProblemException.invalidField(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String fingerprint = fingerprint(request);
        return transactions.execute(status -> {
            int claimed = jdbc.sql("""
                            insert into atrium_idempotency_key (scope, idempotency_key, request_hash)
                            values (:scope, :key, :hash) on conflict do nothing
                            """)
                    .param("scope", scope)
                    .param("key", key)
                    .param("hash", fingerprint)
                    .update();
            if (claimed == 0) {
                return replay(scope, key, fingerprint);
            }
            ResponseEntity<?> response = create.get();
            String location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
            String body = response.getBody() == null ? null : json.writeValueAsString(response.getBody());
            jdbc.sql("""
                            update atrium_idempotency_key
                            set status = :status, location = :location, etag = :etag, body = :body,
                                subjects = cast(:subjects as uuid[])
                            where scope = :scope and idempotency_key = :key
                            """)
                    .param("status", response.getStatusCode().value())
                    .param("location", location)
                    .param("etag", response.getHeaders().getETag())
                    .param("body", body)
                    .param("subjects", subjects(location, body))
                    .param("scope", scope)
                    .param("key", key)
                    .update();
            return cast(response);
        });
    }

    /**
     * {@link #execute} with keys per caller: the scope is {@code scopePrefix} (e.g. {@code contacts:}) and the caller's
     * name, so two callers who happen to pick the same key never share a response.
     */
    public ResponseEntity<Object> executeForCaller(
            String scopePrefix, String key, Object request, Supplier<? extends ResponseEntity<?>> create) {
        return execute(scopePrefix + CurrentActor.name(), key, request, create);
    }

    /**
     * Forgets every stored response whose location or body mentions one of {@code ids}, e.g. an erased contact and
     * the records scrubbed for them. Call it in the erasure's transaction. A retry of a forgotten request runs again.
     */
    public int forgetMentioning(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("delete from atrium_idempotency_key where subjects && cast(:ids as uuid[])")
                .param("ids", arrayLiteral(ids.stream().map(UUID::toString).distinct()))
                .update();
    }

    /**
     * Forgets every stored response of the scopes starting with {@code scopePrefix} (e.g. {@code views:}), for
     * responses whose personal data cannot be found by id (a search text naming an erased person). Call it in the
     * erasure's transaction. A retry of a forgotten request runs again.
     */
    public int forgetScopes(String scopePrefix) {
        return jdbc.sql("delete from atrium_idempotency_key where starts_with(scope, :prefix)")
                .param("prefix", scopePrefix)
                .update();
    }

    /**
     * Deletes keys older than the retention ({@code atrium.web.idempotency-retention}, 24 h by default), in batches so
     * no single statement holds many row locks; replicas running it at once skip each other's rows. Run periodically.
     */
    public int expire() {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            delete from atrium_idempotency_key where ctid in (
                                select ctid from atrium_idempotency_key
                                where created_at < now() - make_interval(secs => :secs)
                                limit :batch for update skip locked)
                            """)
                    .param("secs", retention.toSeconds())
                    .param("batch", EXPIRY_BATCH)
                    .update();
            total += deleted;
        } while (deleted == EXPIRY_BATCH);
        return total;
    }

    private ResponseEntity<Object> replay(String scope, String key, String fingerprint) {
        Optional<Map<String, Object>> stored =
                jdbc.sql("""
                        select request_hash, status, location, etag, body from atrium_idempotency_key
                        where scope = :scope and idempotency_key = :key
                        """).param("scope", scope).param("key", key).query().listOfRows().stream()
                        .findFirst();
        Map<String, Object> row = stored.orElseThrow();
        if (!fingerprint.equals(row.get("request_hash"))) {
            throw ProblemException.unprocessable(
                    "idempotency-key-reused",
                    "This Idempotency-Key was already used for a different request",
                    Map.of("header", HEADER));
        }
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(
                        HttpStatus.valueOf(((Number) row.get("status")).intValue()))
                .header(REPLAYED, "true");
        if (row.get("location") != null) {
            builder.header(HttpHeaders.LOCATION, (String) row.get("location"));
        }
        if (row.get("etag") != null) {
            builder.eTag((String) row.get("etag"));
        }
        Object body = row.get("body") == null ? null : json.readTree((String) row.get("body"));
        return builder.body(body);
    }

    /** Every id the stored response mentions, as a PostgreSQL array literal. */
    static String subjects(String location, String body) {
        return arrayLiteral(Stream.of(location, body)
                .filter(Objects::nonNull)
                .flatMap(text -> UUID_TEXT.matcher(text).results())
                .map(m -> m.group().toLowerCase(Locale.ROOT))
                .distinct());
    }

    private static String arrayLiteral(Stream<String> uuids) {
        return uuids.collect(Collectors.joining(",", "{", "}"));
    }

    private String fingerprint(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ResponseEntity<Object> cast(ResponseEntity<?> response) {
        return (ResponseEntity<Object>) response;
    }
}
