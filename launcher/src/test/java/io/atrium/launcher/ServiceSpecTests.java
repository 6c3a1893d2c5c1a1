package io.atrium.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A port offset lets a second platform run beside the first; a bad one is refused before anything starts. */
class ServiceSpecTests {

    @Test
    void theOffsetIsZeroUnlessConfiguredAndMustBeASmallNonNegativeNumber() {
        assertThat(ServiceSpec.portOffset(null)).isZero();
        assertThat(ServiceSpec.portOffset(" ")).isZero();
        assertThat(ServiceSpec.portOffset("100")).isEqualTo(100);
        assertThatThrownBy(() -> ServiceSpec.portOffset("-1")).hasMessageContaining("ATRIUM_PORT_OFFSET");
        assertThatThrownBy(() -> ServiceSpec.portOffset("60000")).hasMessageContaining("ATRIUM_PORT_OFFSET");
        assertThatThrownBy(() -> ServiceSpec.portOffset("ten")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void everyServiceIsFoundByNameAndAnswersOnItsBasePortPlusTheOffset() {
        ServiceSpec gateway = ServiceSpec.named("gateway");
        assertThat(gateway.basePort()).isEqualTo(8080);
        assertThat(gateway.port()).isEqualTo(8080 + ServiceSpec.PORT_OFFSET);
        assertThat(gateway.baseUrl()).isEqualTo("http://localhost:" + gateway.port());
        assertThatThrownBy(() -> ServiceSpec.named("nope")).hasMessageContaining("nope");
    }
}
