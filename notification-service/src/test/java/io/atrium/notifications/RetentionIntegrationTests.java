package io.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.notifications.email.EmailSender;
import io.atrium.notifications.retention.Retention;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.test.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/** Notifications and emails are deleted when their retention (the defaults) ends, and not before. */
class RetentionIntegrationTests extends IntegrationTest {

    private static final String USER = "rhea";

    @Autowired
    Retention retention;

    @Autowired
    EmailSender emails;

    @Test
    void readAndUnreadNotificationsAndSentAndFailedEmailsAreDeletedAfterTheirRetention() {
        ApiClient rhea = as(USER, "sales");
        UUID read = assign("Read at once");
        assign("Never read");
        assertThat(emails.sendDue()).isGreaterThanOrEqualTo(2);
        String readId = jdbc.sql("select cast(id as text) from notification where link_id = ?")
                .param(read.toString())
                .query(String.class)
                .single();
        assertThat(rhea.post("/api/v1/notifications/" + readId + "/read", "").status())
                .isEqualTo(204);

        // An email the mail server never takes fails for good after its last attempt.
        SMTP.stop();
        assign("Undeliverable");
        for (int attempt = 0; attempt < 10; attempt++) {
            emails.sendDue();
            clock.advance(Duration.ofHours(1));
        }
        SMTP.start();
        assertThat(emails("sent")).isEqualTo(2);
        assertThat(emails("failed")).isEqualTo(1);

        clock.advance(Duration.ofDays(29));
        retention.prune();
        assertThat(emails("sent") + emails("failed")).as("within 30 days").isEqualTo(3);

        clock.advance(Duration.ofDays(2));
        retention.prune();
        assertThat(emails("sent") + emails("failed"))
                .as("sent and failed emails after 30 days")
                .isZero();
        assertThat(notifications(true)).isEqualTo(1);
        assertThat(notifications(false)).isEqualTo(2);

        clock.advance(Duration.ofDays(60));
        retention.prune();
        assertThat(notifications(true)).as("read notifications after 90 days").isZero();
        assertThat(notifications(false)).isEqualTo(2);

        clock.advance(Duration.ofDays(270));
        retention.prune();
        assertThat(notifications(false)).as("unread after 365 days").isEqualTo(2);
        clock.advance(Duration.ofDays(5));
        retention.prune();
        assertThat(notifications(false))
                .as("unread notifications after 365 days")
                .isZero();
    }

    @Test
    void aBacklogLargerThanOneBatchIsDeletedInBatches() {
        Instant longAgo = clock.instant().minus(Duration.ofDays(100));
        jdbc.sql("""
                        insert into notification (id, recipient, type, title, dedupe_key, created_at, read_at, in_app)
                        select gen_random_uuid(), 'backlog', 'task-assigned', 'Old', 'old:' || n, :at, :at, true
                        from generate_series(1, 1234) n
                        """).param("at", Sql.timestamp(longAgo)).update();
        assertThat(retention.prune()).isGreaterThanOrEqualTo(1234);
        assertThat(count("select count(*) from notification where recipient = 'backlog'"))
                .isZero();
    }

    private UUID assign(String title) {
        UUID task = UUID.randomUUID();
        ObjectNode data = data("crm.task.created.v1");
        ((ObjectNode) data.path("task"))
                .put("id", task.toString())
                .put("title", title)
                .put("assignee", USER)
                .putNull("reminderAt")
                .put("createdBy", "lee");
        awaitProcessed(publish("crm.task.created.v1", task, 1, data));
        return task;
    }

    private long emails(String status) {
        return count("select count(*) from email_message where recipient = ? and status = ?", USER, status);
    }

    private long notifications(boolean read) {
        return count("select count(*) from notification where recipient = ? and (read_at is not null) = ?", USER, read);
    }
}
