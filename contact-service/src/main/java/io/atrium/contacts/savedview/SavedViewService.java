package io.atrium.contacts.savedview;

import io.atrium.platform.access.ReassignmentRequested;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.ProblemException.FieldProblem;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Saved views: a person's named filters, sort and columns for the contacts or companies list. Each person sees their
 * own views and every shared one; only the owner changes or deletes a view (someone else's shared view is a 403, their
 * private one does not exist for the caller: 404). Privacy: an erased contact's name, email or phone leaves the search
 * text of every view ({@link #forgetSearchesNaming}); a deactivated user's private views are deleted
 * ({@link #deletePrivateViewsOfDeactivatedUsers}) and their shared ones pass to whoever takes over their records.
 */
@Service
public class SavedViewService {

    private static final Logger log = LoggerFactory.getLogger(SavedViewService.class);

    private final IdempotentRequests idempotency;

    static final String CONTACTS = "contacts";
    static final String COMPANIES = "companies";

    /** The column ids each list offers (web/src/contacts/ContactTable.tsx, web/src/companies/CompaniesPage.tsx). */
    static final Map<String, Set<String>> COLUMNS = Map.of(
            CONTACTS, Set.of("name", "email", "phone", "jobTitle", "stage", "tags", "created", "updated"),
            COMPANIES, Set.of("name", "domain", "industry", "size", "city", "tags", "created", "updated"));

    private static final Map<String, String[]> SORTS = Map.of("name", new String[] {"lower(name)", "text"});

    private final SavedViewRepository views;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final Clock clock;

    SavedViewService(
            SavedViewRepository views,
            MergePatchBinder binder,
            CursorCodec cursors,
            Clock clock,
            IdempotentRequests idempotency) {
        this.idempotency = idempotency;
        this.views = views;
        this.binder = binder;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Transactional
    public SavedView create(ViewDetails details, String actor) {
        check(details);
        Instant now = Timestamps.now(clock);
        var row = new SavedViewRepository.Row(
                TimeOrderedIds.next(),
                1,
                actor,
                details.recordType(),
                details.name(),
                details.filters(),
                details.columns(),
                details.shared(),
                now,
                now);
        views.insert(row);
        return row.viewFor(actor);
    }

    /**
     * A company merged into another: views of "its contacts" show the survivor's, who now include them (in the merge's
     * transaction; a view naming the duplicate would otherwise list nobody from then on).
     */
    @org.springframework.context.event.EventListener
    @Transactional
    public void on(io.atrium.contacts.company.CompanyMerged merged) {
        int moved = views.repointCompany(merged.duplicateId(), merged.survivorId(), merged.at());
        if (moved > 0) {
            log.info(
                    "Company {} merged into {}: {} saved views follow it",
                    merged.duplicateId(),
                    merged.survivorId(),
                    moved);
        }
    }

    @Transactional(readOnly = true)
    public SavedView get(UUID id, String actor) {
        return visible(id, actor, false).viewFor(actor);
    }

    @Transactional(readOnly = true)
    public Page<SavedView> list(String recordType, Integer limit, String after, String actor) {
        if (recordType == null || !COLUMNS.containsKey(recordType)) {
            throw ProblemException.invalidField("recordType", "must be contacts or companies");
        }
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse(null, "name", SORTS);
        var fetched = views.list(recordType, actor, sorting, after, size, cursors);
        return Page.of(
                        fetched,
                        size,
                        k -> sorting.position(k.sortKey(), k.item().id()),
                        cursors)
                .map(k -> k.item().viewFor(actor));
    }

    @Transactional
    public SavedView update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        var current = owned(id, actor, "change it");
        ConditionalRequests.check(expectedVersion, current.version());
        ViewDetails next = binder.apply(current.viewFor(actor).details(), patch, ViewDetails.class);
        if (!next.recordType().equals(current.recordType())) {
            throw ProblemException.invalidField("recordType", "cannot be changed; save a new view instead");
        }
        check(next);
        if (next.equals(current.viewFor(actor).details())) {
            return current.viewFor(actor);
        }
        var row = new SavedViewRepository.Row(
                current.id(),
                current.version() + 1,
                current.ownerId(),
                current.recordType(),
                next.name(),
                next.filters(),
                next.columns(),
                next.shared(),
                current.createdAt(),
                Timestamps.now(clock));
        views.update(row);
        return row.viewFor(actor);
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion, String actor) {
        var current = owned(id, actor, "delete it");
        ConditionalRequests.check(expectedVersion, current.version());
        views.delete(id);
    }

    /**
     * An erased contact's name, email addresses and phone numbers must not stay in the search text of anyone's views:
     * call in the erasure's transaction with what the contact held. A search text that names them by a word of their
     * name, or contains their full name, an address or a number, is removed from the view (the rest stays).
     */
    @Transactional
    public int forgetSearchesNaming(Collection<String> nameParts, Collection<String> phrases) {
        Set<String> words = new HashSet<>();
        for (String part : nameParts) {
            if (part != null) {
                for (String word : part.toLowerCase(Locale.ROOT).split("[\\s,;]+")) {
                    if (word.length() >= 2) {
                        words.add(word);
                    }
                }
            }
        }
        Set<String> texts = new HashSet<>();
        for (String phrase : phrases) {
            if (phrase != null && phrase.strip().length() >= 3) {
                texts.add(phrase.strip().toLowerCase(Locale.ROOT));
            }
        }
        // A view's create answer is kept for retries (Idempotency-Key) with its search text in it: those answers go
        // too.
        idempotency.forgetScopes(SavedViewController.IDEMPOTENCY_SCOPE);
        return views.forgetSearches(words, texts, Timestamps.now(clock));
    }

    /**
     * A deactivated user's private views serve no one any more: deleted hourly (and at the first run after a start).
     * Their shared views stay for their colleagues until a reassignment gives them to someone else.
     */
    @Scheduled(
            fixedDelayString = "${atrium.views.deactivated-sweep-interval:PT1H}",
            initialDelayString = "${atrium.views.deactivated-sweep-delay:PT2M}")
    @Transactional
    public int deletePrivateViewsOfDeactivatedUsers() {
        int deleted = views.deletePrivateViewsOfDeactivatedUsers();
        if (deleted > 0) {
            log.info("Deleted {} private saved view(s) of deactivated users", deleted);
        }
        return deleted;
    }

    /** An admin's bulk reassignment also hands the from-user's shared views to the new owner. */
    @EventListener
    @Transactional
    public void reassign(ReassignmentRequested request) {
        views.reassignShared(request.fromSubject(), request.toSubject(), Timestamps.now(clock));
    }

    /** The rules that depend on the record type; each broken one is a 400 naming its field. Nothing is written. */
    private static void check(ViewDetails details) {
        List<FieldProblem> problems = new ArrayList<>();
        ViewFilters filters = details.filters();
        if (COMPANIES.equals(details.recordType())) {
            if (filters.lifecycleStage() != null) {
                problems.add(new FieldProblem("filters.lifecycleStage", "applies to contacts only"));
            }
            if (filters.companyId() != null) {
                problems.add(new FieldProblem("filters.companyId", "applies to contacts only"));
            }
        }
        if (filters.createdFrom() != null
                && filters.createdTo() != null
                && !filters.createdFrom().isBefore(filters.createdTo())) {
            problems.add(new FieldProblem("filters.createdTo", "must be after createdFrom"));
        }
        Set<String> allowed = COLUMNS.get(details.recordType());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < details.columns().size(); i++) {
            String column = details.columns().get(i);
            if (!allowed.contains(column)) {
                problems.add(new FieldProblem(
                        "columns[" + i + "]",
                        "must be one of "
                                + String.join(", ", allowed.stream().sorted().toList())));
            } else if (!seen.add(column)) {
                problems.add(new FieldProblem("columns[" + i + "]", "appears twice"));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems);
        }
    }

    private SavedViewRepository.Row visible(UUID id, String actor, boolean lock) {
        return views.findVisible(id, actor, lock).orElseThrow(() -> ProblemException.notFound("saved view", id));
    }

    /** The view, locked, if the caller owns it: 404 when they cannot see it, 403 when it is someone else's shared one. */
    private SavedViewRepository.Row owned(UUID id, String actor, String what) {
        var row = visible(id, actor, true);
        if (!row.ownerId().equals(actor)) {
            throw ProblemException.forbidden("not-view-owner", "Only the owner of a shared view may " + what);
        }
        return row;
    }
}
