package io.atrium.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookMechanicsTests {

    @Test
    void signaturesMatchTheStandardWebhooksTestVector() {
        // The example in the Standard Webhooks specification (github.com/standard-webhooks/standard-webhooks).
        String signature = Signatures.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(Signatures.header(
                        List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Signatures.newSecret()),
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330,
                        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .startsWith("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,");
    }

    @Test
    void theDefaultScheduleRetriesForSeventyTwoHoursAndHonoursRetryAfter() {
        RetrySchedule schedule = new RetrySchedule(
                new WebhookProperties(
                                List.of(),
                                null,
                                null,
                                List.of(
                                        Duration.ofSeconds(10),
                                        Duration.ofMinutes(1),
                                        Duration.ofMinutes(5),
                                        Duration.ofMinutes(30),
                                        Duration.ofHours(1),
                                        Duration.ofHours(2),
                                        Duration.ofHours(4),
                                        Duration.ofHours(8),
                                        Duration.ofHours(12)),
                                Duration.ofHours(72),
                                null,
                                4,
                                null,
                                true)
                        .retrySchedule(),
                Duration.ofHours(72));
        Instant first = Instant.parse("2026-11-23T10:00:00Z");
        Instant now = first;
        int attempts = 1;
        Optional<Instant> next;
        while ((next = schedule.next(attempts, first, now, null)).isPresent()) {
            now = next.get();
            attempts++;
        }
        assertThat(now).isEqualTo(first.plus(Duration.ofHours(72)));
        assertThat(attempts).isEqualTo(14);
        assertThat(schedule.next(1, first, first, null)).contains(first.plusSeconds(10));
        assertThat(schedule.next(1, first, first, Duration.ofMinutes(3))).contains(first.plus(Duration.ofMinutes(3)));
        assertThat(schedule.next(9, first, first, Duration.ofSeconds(5))).contains(first.plus(Duration.ofHours(12)));
    }

    @Test
    void theGuardRefusesInternalAddressesUnlessAllowed() throws Exception {
        TargetGuard strict = new TargetGuard(properties(List.of()));
        for (String internal : List.of(
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.0.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "::1",
                "fd00:ec2::254",
                "fe80::1",
                "::ffff:10.0.0.1",
                "224.0.0.1")) {
            assertThat(strict.refusal(InetAddress.getByName(internal)))
                    .as(internal)
                    .isNotNull();
        }
        for (String external : List.of("93.184.215.14", "8.8.8.8", "2606:4700::1111")) {
            assertThat(strict.refusal(InetAddress.getByName(external)))
                    .as(external)
                    .isNull();
        }
        TargetGuard local = new TargetGuard(properties(List.of("127.0.0.0/8")));
        assertThat(local.refusal(InetAddress.getByName("127.0.0.2"))).isNull();
        assertThat(local.refusal(InetAddress.getByName("10.0.0.1"))).isEqualTo("private address");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(WebhookClient.retryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(WebhookClient.retryAfter("Mon, 23 Nov 2026 10:05:00 GMT", now))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(WebhookClient.retryAfter("soon", now)).isNull();
    }

    @Test
    void eventTypePatternsMatchByPrefix() {
        assertThat(EventSelector.typeMatches("crm.deal.*", "crm.deal.won.v1")).isTrue();
        assertThat(EventSelector.typeMatches("crm.deal.*", "crm.dealer.won.v1")).isFalse();
        assertThat(EventSelector.typeMatches("*", "crm.task.created.v1")).isTrue();
        assertThat(EventSelector.typeMatches("crm.deal.won.v1", "crm.deal.won.v1"))
                .isTrue();
        assertThat(EventSelector.typeMatches("crm.deal.won.v1", "crm.deal.lost.v1"))
                .isFalse();
    }

    private static WebhookProperties properties(List<String> allowed) {
        return new WebhookProperties(
                allowed, null, null, List.of(Duration.ofSeconds(10)), Duration.ofHours(72), null, 4, null, true);
    }
}
