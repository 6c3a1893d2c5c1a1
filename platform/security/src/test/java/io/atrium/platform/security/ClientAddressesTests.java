package io.atrium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only literal addresses are taken, and never looked up by name. */
class ClientAddressesTests {

    @Test
    void literalAddressesAreParsed() {
        assertThat(ClientAddresses.literal("203.0.113.7")).containsExactly(203, 0, 113, 7);
        assertThat(ClientAddresses.literal("2001:db8::5")).hasSize(16);
        assertThat(ClientAddresses.literal("::1")).hasSize(16);
    }

    @Test
    void anythingElseIsNot() {
        assertThat(ClientAddresses.literal(null)).isNull();
        assertThat(ClientAddresses.literal("example.org")).isNull();
        assertThat(ClientAddresses.literal("cafe"))
                .as("hex letters alone are a host name")
                .isNull();
        assertThat(ClientAddresses.literal("999.1.1.1")).isNull();
        assertThat(ClientAddresses.literal("::::")).isNull();
        assertThat(ClientAddresses.literal("203.0.113.7, 10.0.0.1")).isNull();
    }
}
