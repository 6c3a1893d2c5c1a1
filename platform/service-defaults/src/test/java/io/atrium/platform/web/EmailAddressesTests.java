package io.atrium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTests {

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "a.b+c@sub.example.co.uk", "x@y.z", "o'neil@example.ie", "ü@bücher.de"})
    void acceptsAddresses(String address) {
        assertThat(EmailAddresses.valid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ada",
                "@example.com",
                "ada@",
                "ada@example",
                "ada@.com",
                "ada@example.",
                "ada@@example.com",
                "a@b@example.com",
                "ada lovelace@example.com",
                "ada@exa mple.com",
                "ada@example.com\n",
                "ada\u0000@x.io"
            })
    void refusesWhatIsNotAnAddress(String address) {
        assertThat(EmailAddresses.valid(address)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {254, 255})
    void refusesAddressesOverTheLimit(int length) {
        String address = "a".repeat(length - "@example.com".length()) + "@example.com";
        assertThat(EmailAddresses.valid(address)).isEqualTo(length <= EmailAddresses.MAX_LENGTH);
        assertThat(EmailAddresses.valid(address, 320)).isTrue();
    }

    /** The shapes that make ^[^@\s]+@[^@\s]+\.[^@\s]+$ backtrack for minutes are answered at once. */
    @ParameterizedTest
    @ValueSource(strings = {".", "a.", "@", "a"})
    void pathologicalInputCostsNothing(String unit) {
        String hostile = "a@" + unit.repeat(1_000_000 / unit.length()) + "@";
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertThat(EmailAddresses.valid(hostile)).isFalse();
            assertThat(EmailAddresses.valid(hostile, Integer.MAX_VALUE)).isFalse();
        });
    }
}
