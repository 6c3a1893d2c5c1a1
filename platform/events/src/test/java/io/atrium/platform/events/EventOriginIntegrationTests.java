package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.KafkaEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;

/**
 * Every event says who and which request caused it (actor, requestid, clientid): an event appended while a request
 * is handled carries the caller's token subject, the request's X-Request-Id and the token's OAuth client all the way
 * to Kafka; one appended by background work says {@code system} and carries no request.
 */
@SpringBootTest
class EventOriginIntegrationTests {

    @Autowired
    EventOutbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void leaveTheRequest() {
        RequestContextHolder.resetRequestAttributes();
        SecurityContextHolder.clearContext();
    }

    @Test
    void anEventAppendedInARequestCarriesItsActorRequestIdAndClient() {
        String id = UUID.randomUUID().toString();
        inRequest("req-" + id.substring(0, 8), token("u-ada", "client_id", "atrium-web"));

        transactions.executeWithoutResult(s -> outbox.append(new TestEvent(id, 1, "in a request")));

        JsonNode event = KafkaEvents.topic("crm.probe")
                .awaitType(id, "crm.probe.changed.v1")
                .event();
        assertThat(event.path("actor").asString()).isEqualTo("u-ada");
        assertThat(event.path("requestid").asString()).isEqualTo("req-" + id.substring(0, 8));
        assertThat(event.path("clientid").asString()).isEqualTo("atrium-web");
        CloudEvent stored = EventJson.read(jdbc.sql("select payload from atrium_outbox where message_key = :k")
                .param("k", id)
                .query(byte[].class)
                .single());
        assertThat(List.of(stored.actor(), stored.requestid(), stored.clientid()))
                .containsExactly("u-ada", "req-" + id.substring(0, 8), "atrium-web");
    }

    @Test
    void theClientIsTheAuthorizedPartyWhenTheTokenHasNoClientIdAndAnInsaneRequestIdIsLeftOut() {
        String id = UUID.randomUUID().toString();
        inRequest("<script>" + "x".repeat(200), token("u-bob", "azp", "atrium-mobile"));

        CloudEvent event = transactions.execute(s -> outbox.append(new TestEvent(id, 1, "azp")));

        assertThat(event.actor()).isEqualTo("u-bob");
        assertThat(event.clientid()).isEqualTo("atrium-mobile");
        assertThat(event.requestid()).isNull();
        assertThat(new String(EventJson.write(event), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("requestid");
    }

    @Test
    void anEventOfBackgroundWorkIsTheSystemsAndCarriesNoRequest() throws InterruptedException {
        String id = UUID.randomUUID().toString();

        // A thread of its own, as a scheduled job or a consumer has: no request, no caller.
        Thread background = Thread.ofPlatform()
                .name("scheduled-work")
                .start(() -> transactions.executeWithoutResult(s -> outbox.append(new TestEvent(id, 1, "scheduled"))));
        background.join();

        JsonNode event = KafkaEvents.topic("crm.probe")
                .awaitType(id, "crm.probe.changed.v1")
                .event();
        assertThat(event.path("actor").asString()).isEqualTo(EventOrigin.SYSTEM);
        assertThat(event.has("requestid")).isFalse();
        assertThat(event.has("clientid")).isFalse();
    }

    @Test
    void aRequestWithoutATokenIsAnonymous() {
        inRequest("req-anonymous", null);
        assertThat(EventOrigin.current()).isEqualTo(new EventOrigin(EventOrigin.ANONYMOUS, "req-anonymous", null));
    }

    private static void inRequest(String requestId, JwtAuthenticationToken authentication) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/probes");
        request.addHeader(EventOrigin.REQUEST_ID_HEADER, requestId);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        if (authentication != null) {
            SecurityContextHolder.getContext().setAuthentication(authentication);
        }
    }

    /** The authentication a service's resource server makes of a bearer token. */
    private static JwtAuthenticationToken token(String subject, String clientClaim, String client) {
        Jwt jwt = Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .subject(subject)
                .claim(clientClaim, client)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300))
                .build();
        return new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("ROLE_sales")));
    }
}
