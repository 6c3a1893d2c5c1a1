package io.atrium.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

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
        WebhookProperties defaults = properties(Map.of());
        RetrySchedule schedule = new RetrySchedule(defaults.retrySchedule(), defaults.maxAge());
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
    void aHugeRetryAfterIsClampedToTheLongestWaitAndNeverPastTheMaxAge() {
        WebhookProperties defaults = properties(Map.of());
        RetrySchedule schedule = new RetrySchedule(defaults.retrySchedule(), defaults.maxAge());
        Instant first = Instant.parse("2026-11-23T10:00:00Z");
        Duration huge = WebhookClient.retryAfter("9223372036854775807", first);
        assertThat(schedule.next(1, first, first, huge)).contains(first.plus(Duration.ofHours(12)));
        assertThat(schedule.next(1, first, first, Duration.ofSeconds(Long.MAX_VALUE)))
                .contains(first.plus(Duration.ofHours(12)));
        Instant late = first.plus(Duration.ofHours(70));
        assertThat(schedule.next(12, first, late, huge)).contains(first.plus(Duration.ofHours(72)));
        assertThat(schedule.next(13, first, first.plus(Duration.ofHours(72)), huge))
                .isEmpty();
        // Even a first attempt near the end of time does not overflow.
        Instant endOfTime = Instant.MAX.minus(Duration.ofHours(73));
        assertThat(schedule.next(1, endOfTime, endOfTime, huge)).contains(endOfTime.plus(Duration.ofHours(12)));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDateAndAnythingElseIsIgnored() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(WebhookClient.retryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(WebhookClient.retryAfter(" 120 ", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(WebhookClient.retryAfter("Mon, 23 Nov 2026 10:05:00 GMT", now))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(WebhookClient.retryAfter("Sun, 22 Nov 2026 10:05:00 GMT", now))
                .as("a date in the past")
                .isEqualTo(Duration.ZERO);
        assertThat(WebhookClient.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now))
                .isGreaterThan(Duration.ofDays(365L * 7000));
        assertThat(WebhookClient.retryAfter("9223372036854775807", now)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(WebhookClient.retryAfter("99999999999999999999999999", now))
                .as("too many digits saturate")
                .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
        for (String ignored : List.of("soon", "-5", "+5", "1.5", "", "0x10", "120s")) {
            assertThat(WebhookClient.retryAfter(ignored, now)).as(ignored).isNull();
        }
    }

    @Test
    void startUpRefusesAnAttemptDeadlineThatOutlivesTheLease() {
        assertThatThrownBy(() -> properties(Map.of("attempt-timeout", "2m", "lease", "1m")))
                .rootCause()
                .hasMessageContaining("atrium.webhooks.attempt-timeout (PT2M)")
                .hasMessageContaining("atrium.webhooks.lease (PT1M)");
        assertThatThrownBy(() -> properties(Map.of("attempt-timeout", "1m", "lease", "1m")))
                .rootCause()
                .hasMessageContaining("must be shorter than atrium.webhooks.lease");
        assertThatThrownBy(() -> properties(Map.of("max-age", "-1h")))
                .rootCause()
                .hasMessageContaining("atrium.webhooks.max-age");
        assertThatThrownBy(() -> properties(Map.of("retry-schedule", "10s,0s")))
                .rootCause()
                .hasMessageContaining("atrium.webhooks.retry-schedule");
        WebhookProperties defaults = properties(Map.of());
        assertThat(defaults.attemptTimeout()).isLessThan(defaults.lease());
        assertThat(defaults.maxResponseSize().toBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.maxSubscriptions()).isEqualTo(100);
        assertThat(defaults.retention().succeeded()).isEqualTo(Duration.ofDays(30));
        assertThat(defaults.retention().failed()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void theGuardRefusesInternalAddressesUnlessAllowed() throws Exception {
        TargetGuard strict = new TargetGuard(properties(Map.of()));
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
        for (String external : List.of(
                "93.184.215.14",
                "8.8.8.8",
                "2606:4700::1111",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808", // NAT64 of a public address
                "2002:808:808::1", // 6to4 of one
                "2001:0:4136:e378:8000:63bf:f7f7:f7f7")) { // Teredo, public server and client
            assertThat(strict.refusal(InetAddress.getByName(external)))
                    .as(external)
                    .isNull();
        }
        TargetGuard local = new TargetGuard(properties(Map.of("allowed-networks", "127.0.0.0/8")));
        assertThat(local.refusal(InetAddress.getByName("127.0.0.2"))).isNull();
        assertThat(local.refusal(InetAddress.getByName("::ffff:127.0.0.2")))
                .as("IPv4-mapped is the IPv4 address itself")
                .isNull();
        assertThat(local.refusal(InetAddress.getByName("10.0.0.1"))).isEqualTo("private address");
        for (String tunnelled : List.of("::127.0.0.1", "64:ff9b::127.0.0.1", "2002:7f00:1::1", "2001:0:7f00:1::1")) {
            assertThat(local.refusal(InetAddress.getByName(tunnelled)))
                    .as("%s: allowed networks never let an address through in a tunnelling form", tunnelled)
                    .contains("loopback address");
        }
        TargetGuard everything = new TargetGuard(properties(Map.of("allowed-networks", "0.0.0.0/0,::/0")));
        for (String metadata : List.of("168.63.129.16", "169.254.169.254", "100.100.100.200", "fd00:ec2::254")) {
            assertThat(everything.refusal(InetAddress.getByName(metadata)))
                    .as(metadata)
                    .contains("cloud metadata");
        }
    }

    @Test
    void onlyCanonicalIpv4LiteralsAreTakenAsHosts() {
        for (String fine : List.of("192.0.2.10", "erp.example.com", "1password.com", "a.b.c", "[2606:4700::1111]")) {
            assertThat(TargetGuard.hostRefusal(fine)).as(fine).isNull();
        }
        for (String odd :
                List.of("2130706433", "0x7f.1", "127.1", "0177.0.0.1", "127.0.0.1.", "1.2.3.4.5", "host.0x1")) {
            assertThat(TargetGuard.hostRefusal(odd)).as(odd).contains("canonical");
        }
        assertThat(TargetGuard.hostRefusal("[fe80::1%25eth0]")).contains("zone");
    }

    /** Only IP literals resolve here: the checks below never look a name up, let alone connect. */
    private static final DnsResolver LITERALS_ONLY = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            if (!bare.contains(":") && !bare.matches("[0-9.]+")) {
                throw new UnknownHostException("no DNS in this test: " + host);
            }
            return InetAddress.getAllByName(bare);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    static Stream<String> strictlyHostileHosts() {
        return Stream.concat(HostileTargets.hosts(), Stream.of("127.0.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]"));
    }

    @ParameterizedTest
    @MethodSource("strictlyHostileHosts")
    void everyFormOfAnInternalAddressIsRefusedAtConnectTime(String host) throws Exception {
        GuardedDnsResolver resolver = new GuardedDnsResolver(LITERALS_ONLY, new TargetGuard(properties(Map.of())));
        // The resolver every connection goes through refuses the host as the HTTP client hands it over...
        assertThatThrownBy(() -> resolver.resolve(host)).isInstanceOf(GuardedDnsResolver.RefusedTargetException.class);
        // ...and the client refuses the URL before it opens any connection.
        try (WebhookClient client = new WebhookClient(resolver, properties(Map.of()))) {
            WebhookClient.Response response =
                    client.post(URI.create("http://" + host + "/hook"), Map.of(), new byte[0], Instant.now());
            assertThat(response.refused()).as("%s", response).isTrue();
            assertThat(response.status()).isNull();
            assertThat(response.error()).startsWith("Refused");
        }
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

    /** The properties as the service binds them: the defaults, and these {@code atrium.webhooks.*} values. */
    static WebhookProperties properties(Map<String, String> values) {
        Map<String, String> prefixed = new java.util.HashMap<>();
        values.forEach((k, v) -> prefixed.put("atrium.webhooks." + k, v));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("atrium.webhooks", WebhookProperties.class);
    }
}
