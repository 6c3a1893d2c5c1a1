package io.atrium.contacts.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.events.DomainEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contact aggregate's guarded transitions and the events they record, without Spring, a database or Kafka. */
class ContactTests {

    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void createRecordsOneCreatedEventAtVersionOneWithAPrimaryEmail() {
        Contact contact = Contact.create(UUID.randomUUID(), details("Ada", "ada@example.com"), "u-1", T0);

        List<DomainEvent> events = contact.pullEvents();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.eventType()).isEqualTo(ContactEvents.CREATED);
            assertThat(e.aggregateVersion()).isEqualTo(1);
        });
        assertThat(contact.view().emails().getFirst().primary()).isTrue();
        assertThat(contact.pullEvents()).isEmpty();
    }

    @Test
    void anUpdateThatChangesNothingIsNoChange() {
        Contact contact = Contact.create(UUID.randomUUID(), details("Ada", "ada@example.com"), "u-1", T0);
        contact.pullEvents();

        assertThat(contact.update(details("  Ada ", "ada@example.com"), "u-2", T1))
                .isFalse();
        assertThat(contact.version()).isEqualTo(1);
        assertThat(contact.pullEvents()).isEmpty();
    }

    @Test
    void anUpdateNamesTheChangedFieldsAndStampsWhoAndWhen() {
        Contact contact = Contact.create(UUID.randomUUID(), details("Ada", "ada@example.com"), "u-1", T0);
        contact.pullEvents();

        assertThat(contact.update(details("Augusta", "ada@example.com"), "u-2", T1))
                .isTrue();

        ContactEvents.ContactChanged updated =
                (ContactEvents.ContactChanged) contact.pullEvents().getFirst();
        assertThat(updated.changedFields()).containsExactly("firstName");
        assertThat(updated.aggregateVersion()).isEqualTo(2);
        assertThat(contact.updatedBy()).isEqualTo("u-2");
        assertThat(contact.updatedAt()).isEqualTo(T1);
    }

    @Test
    void aDeletedContactCannotChangeButCanBeErasedOnce() {
        Contact contact = Contact.create(UUID.randomUUID(), details("Ada", "ada@example.com"), "u-1", T0);
        contact.delete("u-1", T1);
        assertThatThrownBy(() -> contact.update(details("Eve", "eve@example.com"), "u-1", T1))
                .isInstanceOf(IllegalStateException.class);

        assertThat(contact.erase("dpo", T1)).isTrue();
        assertThat(contact.erase("dpo", T1)).isFalse();

        ContactView erased = contact.view();
        assertThat(erased.firstName()).isNull();
        assertThat(erased.emails()).isEmpty();
        assertThat(erased.customFields()).isEmpty();
        assertThat(contact.searchText()).isEmpty();
        assertThat(contact.pullEvents())
                .extracting(e -> e.eventType().name())
                .containsExactly("crm.contact.created.v1", "crm.contact.deleted.v1", "crm.contact.erased.v1");
    }

    @Test
    void consentTimeIsRecordedWhenTheStatusChanges() {
        Contact contact = Contact.create(UUID.randomUUID(), details("Ada", "ada@example.com"), "u-1", T0);
        assertThat(contact.view().consent().changedAt()).isNull();

        ContactDetails granted = new ContactDetails(
                "Ada",
                null,
                List.of(new ContactDetails.EmailAddress("ada@example.com", true)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                new ContactDetails.Consent(ContactDetails.ConsentStatus.GRANTED, "form"),
                null);
        contact.update(granted, "u-1", T1);

        assertThat(contact.view().consent().changedAt()).isEqualTo(T1);
    }

    private static ContactDetails details(String firstName, String email) {
        return new ContactDetails(
                firstName,
                null,
                List.of(new ContactDetails.EmailAddress(email, null)),
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
    }
}
