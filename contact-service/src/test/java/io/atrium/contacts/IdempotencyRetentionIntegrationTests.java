package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.web.IdempotentRequests;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Stored Idempotency-Key responses are kept for the retention (24 h) and then deleted, so the table cannot grow. */
class IdempotencyRetentionIntegrationTests extends IntegrationTest {

    @Autowired
    IdempotentRequests idempotentRequests;

    @Test
    void keysOlderThanTheRetentionAreDeletedAndYoungerOnesReplay() {
        String oldKey = "retention-old-" + UUID.randomUUID();
        String youngKey = "retention-young-" + UUID.randomUUID();
        String oldBody = ApiClient.json(Map.of("firstName", "Retained", "lastName", "Old"));
        String youngBody = ApiClient.json(Map.of("firstName", "Retained", "lastName", "Young"));
        ApiClient.Response old = api.post("/api/v1/contacts", oldBody, h -> h.set("Idempotency-Key", oldKey));
        ApiClient.Response young = api.post("/api/v1/contacts", youngBody, h -> h.set("Idempotency-Key", youngKey));
        assertThat(old.status()).isEqualTo(201);
        assertThat(young.status()).isEqualTo(201);
        jdbc.sql(
                        "update atrium_idempotency_key set created_at = now() - interval '25 hours' where idempotency_key = :k")
                .param("k", oldKey)
                .update();

        assertThat(idempotentRequests.expire()).isGreaterThanOrEqualTo(1);

        assertThat(storedKeys(oldKey)).isZero();
        assertThat(storedKeys(youngKey)).isOne();
        ApiClient.Response youngRetry =
                api.post("/api/v1/contacts", youngBody, h -> h.set("Idempotency-Key", youngKey));
        assertThat(youngRetry.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(youngRetry.id()).isEqualTo(young.id());
        ApiClient.Response oldRetry = api.post("/api/v1/contacts", oldBody, h -> h.set("Idempotency-Key", oldKey));
        assertThat(oldRetry.status()).isEqualTo(201);
        assertThat(oldRetry.headers().getFirst("Idempotent-Replayed")).isNull();
        assertThat(oldRetry.id()).isNotEqualTo(old.id());
    }

    private long storedKeys(String key) {
        return jdbc.sql("select count(*) from atrium_idempotency_key where idempotency_key = :k")
                .param("k", key)
                .query(Long.class)
                .single();
    }
}
