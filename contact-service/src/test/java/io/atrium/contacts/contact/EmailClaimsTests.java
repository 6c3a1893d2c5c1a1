package io.atrium.contacts.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which email of a create's single claiming statement was not claimed, and so names the conflicting contact. */
class EmailClaimsTests {

    @Test
    void everyEmailClaimedIsNoConflict() {
        assertThat(ContactRepository.firstUnclaimed(List.of(), List.of())).isEmpty();
        assertThat(ContactRepository.firstUnclaimed(List.of("a@x.org", "b@x.org"), List.of("b@x.org", "a@x.org")))
                .isEmpty();
    }

    @Test
    void theFirstEmailInClaimOrderThatWasNotClaimedIsTheConflict() {
        assertThat(ContactRepository.firstUnclaimed(List.of("a@x.org", "b@x.org", "c@x.org"), List.of("a@x.org")))
                .contains("b@x.org");
        assertThat(ContactRepository.firstUnclaimed(List.of("a@x.org", "b@x.org"), List.of()))
                .contains("a@x.org");
    }

    @Test
    void anEmailRepeatedInOneContactIsClaimedOnceAndItsRepeatIsTheConflict() {
        assertThat(ContactRepository.firstUnclaimed(List.of("a@x.org", "a@x.org"), List.of("a@x.org")))
                .contains("a@x.org");
    }
}
