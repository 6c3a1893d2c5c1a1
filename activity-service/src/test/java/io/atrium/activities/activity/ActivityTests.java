package io.atrium.activities.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.web.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of each activity type, and what an erasure removes, without a framework. */
class ActivityTests {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static ActivityDetails email(List<UUID> contacts, String from, List<String> to, List<String> cc) {
        return new ActivityDetails(
                ActivityType.EMAIL,
                "Quote",
                "Body text",
                null,
                contacts,
                null,
                null,
                Direction.OUTBOUND,
                null,
                null,
                from,
                to,
                cc,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void eachTypeHasItsOwnRequiredAndForbiddenFields() {
        ActivityDetails callWithoutDirection = new ActivityDetails(
                ActivityType.CALL,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                60,
                null,
                "a@example.com",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() -> Activity.log(UUID.randomUUID(), callWithoutDirection, "sam", NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage())
                        .contains("direction: is required for a call")
                        .contains("from: does not apply to a call"));

        ActivityDetails backwardsMeeting = new ActivityDetails(
                ActivityType.MEETING,
                "Demo",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                NOW,
                NOW.minusSeconds(60),
                null,
                null,
                null);
        assertThatThrownBy(() -> Activity.log(UUID.randomUUID(), backwardsMeeting, "sam", NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage())
                        .contains("endsAt: must be after startsAt"));

        ActivityDetails emptyNote = new ActivityDetails(
                ActivityType.NOTE,
                "Title only",
                " ",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() -> Activity.log(UUID.randomUUID(), emptyNote, "sam", NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage())
                        .contains("body: is required for a note"));
    }

    @Test
    void erasureRemovesThePersonAndTheirWordsAndNothingElse() {
        UUID ada = UUID.randomUUID();
        UUID grace = UUID.randomUUID();
        Activity activity = Activity.log(
                UUID.randomUUID(),
                email(
                        List.of(ada, grace),
                        "sales@atrium.example",
                        List.of("Ada@Example.com", "grace@example.com"),
                        List.of("ada.private@example.com")),
                "sam",
                NOW);
        activity.pullEvents();

        assertThat(activity.erase(ada, Set.of("ada@example.com", "ada.private@example.com"), "svc", NOW))
                .isTrue();

        ActivityView view = activity.view();
        assertThat(view.contactIds()).containsExactly(grace);
        assertThat(view.to()).containsExactly("grace@example.com");
        assertThat(view.cc()).isEmpty();
        assertThat(view.from()).isEqualTo("sales@atrium.example");
        assertThat(view.subject()).isNull();
        assertThat(view.body()).isNull();
        assertThat(view.redacted()).isTrue();
        assertThat(activity.pullEvents()).hasSize(1);
        assertThat(activity.erase(ada, Set.of("ada@example.com"), "svc", NOW))
                .as("a second erasure changes nothing")
                .isFalse();
    }
}
