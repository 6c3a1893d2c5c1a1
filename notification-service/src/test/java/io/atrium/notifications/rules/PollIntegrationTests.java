package io.atrium.notifications.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.notifications.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * A poll's events applied together ({@link EventListener#applyAll}) leave what applying them one at a time leaves, with
 * the reads they share done once: here a contact erased in the middle of a poll, between two versions of a task that
 * named them and then no longer did.
 */
class PollIntegrationTests extends IntegrationTest {

    @Autowired
    EventListener listener;

    @Test
    void aContactErasedMidPollScrubsWhatNamedThemAndKeepsWhatNoLongerDoes() {
        UUID erased = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        ObjectNode gone = data("crm.contact.erased.v1");
        gone.put("contactId", erased.toString());

        listener.on(List.of(
                record(
                        0,
                        UUID.randomUUID(),
                        "crm.task.created.v1",
                        task,
                        1,
                        task(task, 1, "Call Quintus Erasmo", erased)),
                record(1, UUID.randomUUID(), "crm.contact.erased.v1", erased, 2, gone),
                record(2, UUID.randomUUID(), "crm.task.updated.v1", task, 2, task(task, 2, "Call Delia Keep", other))));

        // One at a time, the erasure scrubbed the task's first version; its second names only someone else, and the
        // check after it finds no erased contact: its title stays. (Checked once after the whole poll, the erased
        // contact's links would scrub it too.)
        assertThat(jdbc.sql("select title from task_watch where task_id = :id")
                        .param("id", task)
                        .query(String.class)
                        .single())
                .isEqualTo("Call Delia Keep");
        assertThat(jdbc.sql("select count(*) from contact_link where contact_id = :c and record_id = :t")
                        .param("c", erased)
                        .param("t", task)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private static ObjectNode task(UUID id, long version, String title, UUID contact) {
        ObjectNode data = data(version == 1 ? "crm.task.created.v1" : "crm.task.updated.v1");
        ObjectNode task = (ObjectNode) data.get("task");
        task.put("id", id.toString()).put("version", version).put("title", title);
        task.putArray("contactIds").add(contact.toString());
        return data;
    }

    private static ConsumerRecord<String, byte[]> record(
            long offset, UUID eventId, String type, UUID subject, long version, ObjectNode data) {
        return new ConsumerRecord<>(
                type.substring(0, type.indexOf('.', "crm.".length())),
                0,
                offset,
                subject.toString(),
                event(eventId, type, subject, version, data));
    }
}
