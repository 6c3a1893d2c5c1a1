package io.atrium.contacts.form;

import io.atrium.contacts.contact.ContactService;
import io.atrium.platform.access.People;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Web forms as marketing keeps them (ADR 24): every change is a new version, kept, so each submission and its consent
 * proof name the exact definition — fields and wording — the visitor saw. A deleted form answers 404 to visitors;
 * its submissions stay for their retention period. Submissions expire by their form's retention, and go with an
 * erasure of their contact.
 */
@Service
class FormService {

    private static final Logger log = LoggerFactory.getLogger(FormService.class);

    static final String SUBMIT_PATH = "/public/forms/%s/submissions";

    private static final Map<String, String[]> SORTS = Map.of("name", new String[] {"lower(name)", "text"});

    private final FormRepository forms;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final People people;
    private final Clock clock;

    FormService(FormRepository forms, MergePatchBinder binder, CursorCodec cursors, People people, Clock clock) {
        this.forms = forms;
        this.binder = binder;
        this.cursors = cursors;
        this.people = people;
        this.clock = clock;
    }

    @Transactional
    WebForm create(FormDefinition definition, String actor) {
        people.requireActiveUser("ownerId", definition.ownerId());
        Instant now = Timestamps.now(clock);
        var row = new FormRepository.Row(TimeOrderedIds.next(), 1, definition, actor, now, actor, now, null);
        forms.save(row);
        return view(row, new long[] {0, 0});
    }

    @Transactional(readOnly = true)
    WebForm get(UUID id) {
        var row = live(id, false);
        return view(row, forms.counts(List.of(id)).getOrDefault(id, new long[] {0, 0}));
    }

    @Transactional(readOnly = true)
    Page<WebForm> list(Integer limit, String after) {
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse(null, "name", SORTS);
        var fetched = forms.list(sorting, after, size, cursors);
        Map<UUID, long[]> counts =
                forms.counts(fetched.stream().map(k -> k.item().id()).toList());
        return Page.of(
                        fetched,
                        size,
                        k -> sorting.position(k.sortKey(), k.item().id()),
                        cursors)
                .map(k -> view(k.item(), counts.getOrDefault(k.item().id(), new long[] {0, 0})));
    }

    /** A merge patch of the definition: a new version, unless it changes nothing. */
    @Transactional
    WebForm update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        var current = live(id, true);
        ConditionalRequests.check(expectedVersion, current.version());
        FormDefinition next = binder.apply(current.definition(), patch, FormDefinition.class);
        if (next.equals(current.definition())) {
            return get(id);
        }
        if (next.ownerId() != null
                && !next.ownerId().equals(current.definition().ownerId())) {
            people.requireActiveUser("ownerId", next.ownerId());
        }
        Instant now = Timestamps.now(clock);
        forms.save(new FormRepository.Row(
                id, current.version() + 1, next, current.createdBy(), current.createdAt(), actor, now, null));
        return get(id);
    }

    @Transactional
    void delete(UUID id, Long expectedVersion, String actor) {
        var current = live(id, true);
        ConditionalRequests.check(expectedVersion, current.version());
        Instant now = Timestamps.now(clock);
        forms.save(new FormRepository.Row(
                id,
                current.version() + 1,
                current.definition(),
                current.createdBy(),
                current.createdAt(),
                actor,
                now,
                now));
    }

    /** Where a page of submissions ends: the last one's time and id (newest first). */
    record SubmissionCursor(Instant at, UUID id) {}

    /** A page of the form's submissions, newest first. */
    @Transactional(readOnly = true)
    Page<FormRepository.Submission> submissions(UUID id, Integer limit, String after) {
        live(id, false);
        int size = Page.limit(limit);
        SubmissionCursor position = after == null ? null : cursors.decode(after, SubmissionCursor.class);
        List<FormRepository.Submission> rows = forms.submissions(
                id, position == null ? null : position.at(), position == null ? null : position.id(), size + 1);
        return Page.of(rows, size, s -> new SubmissionCursor(s.receivedAt(), s.id()), cursors);
    }

    /** In the erasure's transaction: what the person typed into forms goes with them. */
    @EventListener
    public void on(ContactService.Erasing erasing) {
        int forgotten = forms.forgetContact(erasing.contactId());
        if (forgotten > 0) {
            log.info("Erasure of contact {}: {} form submissions deleted", erasing.contactId(), forgotten);
        }
    }

    /** Submissions past their form's retention period. Idempotent, so every replica may run it. */
    @Scheduled(fixedDelayString = "${atrium.forms.retention-check-interval:PT1H}", initialDelayString = "PT1M")
    @Transactional
    public void deleteExpiredSubmissions() {
        int deleted = forms.deleteExpired(Timestamps.now(clock));
        if (deleted > 0) {
            log.info("Deleted {} form submissions past their retention", deleted);
        }
    }

    FormRepository.Row live(UUID id, boolean lock) {
        return forms.find(id, lock)
                .filter(row -> row.deletedAt() == null)
                .orElseThrow(() -> ProblemException.notFound("Form", id));
    }

    static WebForm view(FormRepository.Row row, long[] counts) {
        return new WebForm(
                row.id(),
                row.version(),
                row.definition(),
                counts[0],
                counts[1],
                SUBMIT_PATH.formatted(row.id()),
                row.createdBy(),
                row.createdAt(),
                row.updatedBy(),
                row.updatedAt());
    }
}
