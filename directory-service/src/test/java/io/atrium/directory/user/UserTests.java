package io.atrium.directory.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.web.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The user aggregate's guards and events, without a framework. */
class UserTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static UserDetails details(UUID managerId, String timeZone) {
        return new UserDetails(" ada ", "Ada", null, null, "ada@atrium.example", managerId, timeZone, null);
    }

    private static User user() {
        User user = User.create(UUID.randomUUID(), "ada", details(null, null), true, null, "scim", NOW);
        user.pullEvents();
        return user;
    }

    @Test
    void creationRecordsOneEventAndStripsValues() {
        User user = User.create(UUID.randomUUID(), "ada", details(null, "Europe/Paris"), false, null, "scim", NOW);
        assertThat(user.details().userName()).isEqualTo("ada");
        assertThat(user.view().active()).isFalse();
        assertThat(user.view().deactivatedAt()).isEqualTo(NOW);
        assertThat(user.pullEvents()).extracting(e -> e.eventType().name()).containsExactly("crm.user.created.v1");
    }

    @Test
    void aManagerMustBeKnownActiveAndNotBelowTheUser() {
        User user = user();
        UUID other = UUID.randomUUID();
        assertThatThrownBy(() -> user.update("ada", details(other, null), null, "a", NOW))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("No user");
        assertThatThrownBy(
                        () -> user.update("ada", details(other, null), new Manager(other, false, List.of()), "a", NOW))
                .hasMessageContaining("deactivated");
        assertThatThrownBy(() -> user.update(
                        "ada", details(other, null), new Manager(other, true, List.of(user.id())), "a", NOW))
                .hasMessageContaining("managed by themselves or by someone they manage");
        assertThatThrownBy(() ->
                        user.update("ada", details(user.id(), null), new Manager(user.id(), true, List.of()), "a", NOW))
                .hasMessageContaining("managed by themselves");
        assertThat(user.version()).isEqualTo(1);
        assertThat(user.update("ada", details(other, null), new Manager(other, true, List.of()), "a", NOW))
                .isTrue();
        assertThat(user.version()).isEqualTo(2);
    }

    @Test
    void aTimeZoneMustBeAnIanaZone() {
        User user = user();
        assertThatThrownBy(() -> user.update("ada", details(null, "CEST"), null, "a", NOW))
                .hasMessageContaining("timeZone");
        assertThat(user.update("ada", details(null, "Pacific/Auckland"), null, "a", NOW))
                .isTrue();
    }

    @Test
    void deactivationFlagsOnceAndIdpDeletionMarksTheUser() {
        User user = user();
        assertThat(user.deactivate(false, "admin", NOW)).isTrue();
        assertThat(user.deactivate(false, "admin", NOW)).isFalse();
        assertThat(user.deactivate(true, "scim", NOW.plusSeconds(5))).isTrue();
        assertThat(user.view().deactivatedAt()).isEqualTo(NOW);
        assertThat(user.view().deletedByIdpAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(user.reactivate("admin", NOW)).isTrue();
        assertThat(user.view().deletedByIdpAt()).isNull();
        assertThat(user.pullEvents())
                .extracting(e -> e.eventType().name())
                .containsExactly("crm.user.deactivated.v1", "crm.user.deactivated.v1", "crm.user.reactivated.v1");
    }

    @Test
    void aReassignmentGoesToAnotherActiveUserAndBumpsTheVersion() {
        User from = user();
        User to = User.create(UUID.randomUUID(), "bob", details(null, null), true, null, "scim", NOW);
        User inactive = User.create(UUID.randomUUID(), "eve", details(null, null), false, null, "scim", NOW);
        UUID request = UUID.randomUUID();
        assertThatThrownBy(() -> from.requestReassignment(request, to.id(), null, "admin", NOW))
                .hasMessageContaining("No user");
        assertThatThrownBy(() -> from.requestReassignment(request, from.id(), from, "admin", NOW))
                .hasMessageContaining("cannot be reassigned to that user");
        assertThatThrownBy(() -> from.requestReassignment(request, inactive.id(), inactive, "admin", NOW))
                .hasMessageContaining("deactivated");
        assertThat(from.version()).isEqualTo(1);
        assertThat(from.pullEvents()).isEmpty();

        from.deactivate(false, "admin", NOW);
        Reassignment done = from.requestReassignment(request, to.id(), to, "admin", NOW.plusSeconds(1));
        assertThat(done)
                .isEqualTo(new Reassignment(request, from.id(), "ada", to.id(), "bob", "admin", NOW.plusSeconds(1)));
        assertThat(from.version()).isEqualTo(3);
        assertThat(from.pullEvents())
                .extracting(e -> e.eventType().name() + "@" + e.aggregateVersion())
                .containsExactly("crm.user.deactivated.v1@2", "crm.user.reassignment-requested.v1@3");
    }
}
