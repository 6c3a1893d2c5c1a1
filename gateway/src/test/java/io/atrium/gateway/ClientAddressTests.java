package io.atrium.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Whose address a request is: the peer's, or behind trusted proxies the nearest address they vouch for. */
class ClientAddressTests {

    private static MockServerHttpRequest from(String peer, String... forwardedFor) {
        return MockServerHttpRequest.get("/public/forms/x")
                .remoteAddress(new InetSocketAddress(peer, 40000))
                .header("X-Forwarded-For", forwardedFor)
                .build();
    }

    @Test
    void withoutTrustedProxiesWhatAClientClaimsIsIgnored() {
        ClientAddress clients = new ClientAddress(new ClientAddress.Properties(List.of()));

        assertThat(clients.of(from("198.51.100.7", "203.0.113.1"))).isEqualTo("198.51.100.7");
    }

    @Test
    void behindTrustedProxiesTheRightmostAddressTheyDidNotAddIsTheClient() {
        ClientAddress clients = new ClientAddress(new ClientAddress.Properties(List.of("10.0.0.0/8", "fd00::/8")));

        // The client forged the first entry; the ingress (10.1.2.3) appended the real one; an inner proxy sits after.
        assertThat(clients.of(from("10.1.2.3", "6.6.6.6, 198.51.100.9", "10.9.9.9")))
                .isEqualTo("198.51.100.9");
        assertThat(clients.of(from("fd00::1", "2001:db8::5"))).isEqualTo("2001:db8::5");
        assertThat(clients.of(from("10.1.2.3")))
                .as("nothing vouched for: the proxy itself")
                .isEqualTo("10.1.2.3");
        assertThat(clients.of(from("10.1.2.3", "not-an-address", "example.org")))
                .as("names are never looked up")
                .isEqualTo("10.1.2.3");
        assertThat(clients.of(from("198.51.100.7", "203.0.113.1")))
                .as("an untrusted peer's header is not believed")
                .isEqualTo("198.51.100.7");
    }

    @Test
    void aRangeMustBeAnAddressWithAPrefixThatFits() {
        assertThat(ClientAddress.Network.parse("192.168.0.0/16").contains(new byte[] {(byte) 192, (byte) 168, 4, 1}))
                .isTrue();
        assertThat(ClientAddress.Network.parse("192.168.0.0/17")
                        .contains(new byte[] {(byte) 192, (byte) 168, (byte) 200, 1}))
                .isFalse();
        assertThatThrownBy(() -> ClientAddress.Network.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddress.Network.parse("intranet.example"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
