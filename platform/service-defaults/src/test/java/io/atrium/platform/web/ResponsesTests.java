package io.atrium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

class ResponsesTests {

    record Thing(UUID id, long version, String name) implements Versioned {}

    record Wrapped(Thing thing, boolean extra) {}

    private static final Thing THING = new Thing(UUID.fromString("0b6f3e0a-5d1c-4c1e-9a53-1d2b3c4d5e6f"), 7, "ada");

    @AfterEach
    void clearCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void createdAnswers201WithLocationUnderTheCollectionAndTheVersionAsEtag() {
        ResponseEntity<Thing> response = Responses.created("/api/v1/things", THING);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(response.getHeaders().getLocation())
                .isEqualTo(URI.create("/api/v1/things/0b6f3e0a-5d1c-4c1e-9a53-1d2b3c4d5e6f"));
        assertThat(response.getHeaders().getETag()).isEqualTo("\"7\"");
        assertThat(response.getBody()).isSameAs(THING);
    }

    @Test
    void createdCanAnswerABodyThatWrapsTheResource() {
        Wrapped body = new Wrapped(THING, true);

        ResponseEntity<Wrapped> response = Responses.created("/api/v1/things", THING, body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(response.getHeaders().getLocation().toString()).endsWith("/things/" + THING.id());
        assertThat(response.getHeaders().getETag()).isEqualTo("\"7\"");
        assertThat(response.getBody()).isSameAs(body);
    }

    @Test
    void okAnswers200WithTheVersionAsEtagAndNoLocation() {
        ResponseEntity<Thing> response = Responses.ok(THING);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getETag()).isEqualTo("\"7\"");
        assertThat(response.getHeaders().getLocation()).isNull();
        assertThat(response.getBody()).isSameAs(THING);
    }

    @Test
    void okCanAnswerABodyThatWrapsTheResource() {
        Wrapped body = new Wrapped(THING, false);

        ResponseEntity<Wrapped> response = Responses.ok(THING, body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getETag()).isEqualTo("\"7\"");
        assertThat(response.getBody()).isSameAs(body);
    }

    @Test
    void theEtagIsTheOneIfMatchReadsBack() {
        String etag = Responses.ok(THING).getHeaders().getETag();

        assertThat(ConditionalRequests.requiredVersion(etag)).isEqualTo(THING.version());
    }

    @Test
    void idempotencyKeysArePerCaller() {
        AtomicReference<String> scope = new AtomicReference<>();
        IdempotentRequests idempotency = new IdempotentRequests(null, null, null, null) {
            @Override
            public ResponseEntity<Object> execute(
                    String scopeName, String key, Object request, Supplier<? extends ResponseEntity<?>> create) {
                scope.set(scopeName);
                return ResponseEntity.ok(create.get().getBody());
            }
        };
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("ada", null));

        ResponseEntity<Object> response = idempotency.executeForCaller(
                "things:", "key-1", "body", () -> Responses.created("/api/v1/things", THING));

        assertThat(scope.get()).isEqualTo("things:ada");
        assertThat(response.getBody()).isSameAs(THING);
    }
}
