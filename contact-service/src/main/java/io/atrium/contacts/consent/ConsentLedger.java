package io.atrium.contacts.consent;

import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Consent per contact, channel and purpose as an append-only history (ADR 24): every grant and withdrawal with who,
 * when, from where, the exact wording the person saw and, from a web form, the form's version and their IP. The newest
 * entry per channel and purpose is the current state; the contact's {@code consent} field is the summary of (email,
 * marketing), written in the same transaction as the entry that changes it. Entries go with an erasure of the contact.
 */
@Repository
public class ConsentLedger {

    /** Email marketing: the purpose the contact's own {@code consent} field summarises. */
    public static final String MARKETING = "marketing";

    public static final String EMAIL = "email";

    /** A change to a contact's consent as the contact API wrote it (no wording: none was shown). */
    public static final String FROM_CONTACT_RECORD = "contact-record";

    /** Where an entry came from, beyond who recorded it: the form, its version and the submission, and the IP. */
    public record Proof(UUID formId, Long formVersion, UUID submissionId, String ip) {

        public static final Proof NONE = new Proof(null, null, null, null);
    }

    @Schema(description = "One grant or withdrawal of consent, with its proof")
    public record Entry(
            UUID id,
            UUID contactId,
            @Schema(example = "email") String channel,
            @Schema(example = "marketing") String purpose,
            @Schema(example = "granted") String status,

            @Schema(description = "Where it was given or withdrawn", example = "web-form")
            String source,

            @Schema(description = "The exact words the person agreed to or withdrew from, when they saw any")
            String wording,

            UUID formId,
            Long formVersion,
            UUID submissionId,

            @Schema(description = "The address the web form was sent from")
            String ip,

            @Schema(description = "Who recorded it: a user's subject, or form:<id> for a web form")
            String recordedBy,

            Instant recordedAt) {}

    private final JdbcClient jdbc;

    ConsentLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends an entry; returns it. */
    public Entry record(
            UUID contactId,
            String channel,
            String purpose,
            boolean granted,
            String source,
            String wording,
            Proof proof,
            String recordedBy,
            Instant at) {
        Entry entry = new Entry(
                TimeOrderedIds.next(),
                contactId,
                channel,
                purpose,
                granted ? "granted" : "withdrawn",
                source,
                wording,
                proof.formId(),
                proof.formVersion(),
                proof.submissionId(),
                proof.ip(),
                recordedBy,
                at);
        jdbc.sql("""
                        insert into consent_entry (id, contact_id, channel, purpose, status, source, wording, form_id,
                            form_version, submission_id, ip, recorded_by, recorded_at)
                        values (:id, :contactId, :channel, :purpose, :status, :source, :wording, :formId,
                            :formVersion, :submissionId, cast(:ip as inet), :recordedBy, :recordedAt)
                        """)
                .param("id", entry.id())
                .param("contactId", contactId)
                .param("channel", channel)
                .param("purpose", purpose)
                .param("status", entry.status())
                .param("source", source)
                .param("wording", wording)
                .param("formId", proof.formId())
                .param("formVersion", proof.formVersion())
                .param("submissionId", proof.submissionId())
                .param("ip", proof.ip())
                .param("recordedBy", recordedBy)
                .param("recordedAt", Sql.timestamp(at))
                .update();
        return entry;
    }

    /** The contact's history, newest first. */
    public List<Entry> history(UUID contactId) {
        return jdbc.sql("""
                        select id, contact_id, channel, purpose, status, source, wording, form_id, form_version,
                            submission_id, host(ip) as ip, recorded_by, recorded_at
                        from consent_entry where contact_id = :contactId
                        order by recorded_at desc, id desc
                        """)
                .param("contactId", contactId)
                .query((rs, n) -> new Entry(
                        rs.getObject("id", UUID.class),
                        rs.getObject("contact_id", UUID.class),
                        rs.getString("channel"),
                        rs.getString("purpose"),
                        rs.getString("status"),
                        rs.getString("source"),
                        rs.getString("wording"),
                        rs.getObject("form_id", UUID.class),
                        (Long) rs.getObject("form_version"),
                        rs.getObject("submission_id", UUID.class),
                        rs.getString("ip"),
                        rs.getString("recorded_by"),
                        Sql.instant(rs, "recorded_at")))
                .list();
    }

    /** The current state per channel and purpose ({@code "email/marketing"} → granted or withdrawn): the newest entry. */
    public java.util.Map<String, String> current(UUID contactId) {
        java.util.Map<String, String> current = new java.util.HashMap<>();
        jdbc.sql("""
                        select distinct on (channel, purpose) channel, purpose, status
                        from consent_entry where contact_id = :contactId
                        order by channel, purpose, recorded_at desc, id desc
                        """).param("contactId", contactId).query(rs -> {
            current.put(rs.getString("channel") + "/" + rs.getString("purpose"), rs.getString("status"));
        });
        return current;
    }

    /** A merge: the duplicate's history is the survivor's from now on (one person, one history). */
    public int repoint(UUID duplicateId, UUID survivorId) {
        return jdbc.sql("update consent_entry set contact_id = :survivor where contact_id = :duplicate")
                .param("survivor", survivorId)
                .param("duplicate", duplicateId)
                .update();
    }

    /** An erasure: the history of these contacts goes with them (docs/privacy.md). */
    public int forget(Collection<UUID> contactIds) {
        if (contactIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("delete from consent_entry where contact_id = any(:ids)")
                .param("ids", contactIds.toArray(UUID[]::new))
                .update();
    }
}
