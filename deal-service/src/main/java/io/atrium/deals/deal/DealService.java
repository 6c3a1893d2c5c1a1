package io.atrium.deals.deal;

import io.atrium.deals.pipeline.PipelineService;
import io.atrium.deals.pipeline.PipelineView;
import io.atrium.deals.pipeline.Stage;
import io.atrium.deals.pipeline.StagePlacement;
import io.atrium.platform.access.People;
import io.atrium.platform.access.ReassignmentRequested;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.references.Reference;
import io.atrium.platform.references.ReferenceDirectory;
import io.atrium.platform.references.ReferenceKind;
import io.atrium.platform.references.ReferenceRemoved;
import io.atrium.platform.web.BatchRequests;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Deal use cases: each runs in one transaction with the one event it causes. Record access: every read is limited in
 * its SQL to the caller's read scope (an invisible deal is 404); patch and move need the write scope (403); changing
 * the owner, winning, losing, reopening and deleting also need the owner, their manager or an admin (403).
 */
@Service
public class DealService implements BatchRequests.Operations<NewDeal> {

    static final Map<String, String[]> SORTS = Map.of(
            "created", new String[] {"created_at", "timestamptz"},
            "updated", new String[] {"updated_at", "timestamptz"},
            "amount", new String[] {"coalesce(amount, -1)", "numeric"},
            "closeDate", new String[] {"coalesce(expected_close_date, 'infinity'::date)", "date"},
            "title", new String[] {"lower(title)", "text"},
            "stageEntered", new String[] {"stage_entered_at", "timestamptz"});

    private final DealRepository deals;
    private final PipelineService pipelines;
    private final ReferenceDirectory parties;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final Clock clock;
    private final RecordAccess access;
    private final People people;

    DealService(
            DealRepository deals,
            PipelineService pipelines,
            ReferenceDirectory parties,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            Clock clock,
            RecordAccess access,
            People people) {
        this.access = access;
        this.people = people;
        this.deals = deals;
        this.pipelines = pipelines;
        this.parties = parties;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Override
    public Class<NewDeal> details() {
        return NewDeal.class;
    }

    @Override
    @Transactional
    public DealResponse create(NewDeal body, String actor) {
        DealDetails details = body.details(actor);
        binder.validate(details);
        UUID stageId = body.stageId() != null
                ? body.stageId()
                : pipelines.firstStage(body.pipelineId()).orElseThrow(() -> unknown("pipelineId", body.pipelineId()));
        StagePlacement placement = enterable("stageId", stageId);
        if (!placement.pipelineId().equals(body.pipelineId())) {
            throw unprocessable("stageId", "stage " + stageId + " is not a stage of pipeline " + body.pipelineId());
        }
        DealDetails normalized = details.normalized();
        people.requireActiveUser("ownerId", normalized.ownerId());
        if (!access.write(RecordType.DEAL).permits(normalized.ownerId())) {
            throw ProblemException.forbidden(
                    "record-access",
                    "Your roles do not let you create a deal owned by " + normalized.ownerId()
                            + ": you could not change it");
        }
        parties.requireKnown(
                references(normalized.primaryContactId(), normalized.contactIds(), normalized.companyId()));
        Deal deal = Deal.create(
                TimeOrderedIds.next(), details, placement.pipelineId(), stageId, actor, Timestamps.now(clock));
        deals.insert(deal);
        claimExternalIds(deal);
        outbox.appendAll(deal.pullEvents());
        return load(deal.id(), Scope.ALL);
    }

    /**
     * The live deal with one of {@code body}'s external ids (deals have no other natural key), changed by the fields
     * {@code patch} sets — its pipeline and stage aside: a deal moves through {@code POST /deals/{id}/move} —; or a new
     * deal from {@code body} when none has them.
     */
    @Override
    @Transactional
    public BatchRequests.Upserted upsert(NewDeal body, JsonNode patch, String actor) {
        if (body.externalIds() == null || body.externalIds().isEmpty()) {
            throw ProblemException.invalidField(
                    "externalIds", "an upsert finds the deal by its id in another system: give at least one");
        }
        Map<String, String> externalIds = io.atrium.platform.web.ExternalIds.Values.normalized(body.externalIds());
        return deals.externalIds()
                .findAny(externalIds)
                .map(id -> {
                    tools.jackson.databind.node.ObjectNode details =
                            ((tools.jackson.databind.node.ObjectNode) patch).deepCopy();
                    details.remove("pipelineId");
                    details.remove("stageId");
                    return new BatchRequests.Upserted(update(id, null, details, actor), false);
                })
                .orElseGet(() -> new BatchRequests.Upserted(create(body, actor), true));
    }

    /** A deal the caller may see; any other is not found. */
    @Transactional(readOnly = true)
    public DealResponse get(UUID id) {
        return load(id, access.read(RecordType.DEAL));
    }

    @Transactional
    @Override
    public DealResponse update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Deal deal = writable(id);
        ConditionalRequests.check(expectedVersion, deal.version());
        DealDetails next =
                binder.apply(deal.details(), patch, DealDetails.class).normalized();
        DealDetails current = deal.details();
        if (!next.ownerId().equals(current.ownerId())) {
            // Checked only when it changes: a deal whose owner was deactivated can still be edited.
            access.requireOwnerOrManager(RecordType.DEAL, current.ownerId(), "change its owner");
            people.requireActiveUser("ownerId", next.ownerId());
        }
        List<UUID> addedContacts = next.contactIds().stream()
                .filter(c -> !current.contactIds().contains(c))
                .toList();
        UUID addedCompany = Objects.equals(next.companyId(), current.companyId()) ? null : next.companyId();
        if (!addedContacts.isEmpty() || addedCompany != null) {
            // Only references the patch adds are checked: the others were checked when they were added, and one
            // that was deleted since has been (or is about to be) detached.
            parties.requireKnown(references(
                    addedContacts.contains(next.primaryContactId()) ? next.primaryContactId() : null,
                    addedContacts,
                    addedCompany));
        }
        boolean changed = deal.update(next, actor, Timestamps.now(clock));
        if (changed && !next.externalIds().equals(current.externalIds())) {
            claimExternalIds(deal);
        }
        return save(deal, changed);
    }

    @Transactional
    public DealResponse move(UUID id, Long expectedVersion, UUID stageId, String actor) {
        Deal deal = writable(id);
        ConditionalRequests.check(expectedVersion, deal.version());
        StagePlacement placement = enterable("stageId", stageId);
        return save(deal, deal.moveTo(placement.pipelineId(), stageId, actor, Timestamps.now(clock)));
    }

    @Transactional
    public DealResponse win(UUID id, Long expectedVersion, String note, String actor) {
        Deal deal = ownedOrManaged(id, "win it");
        ConditionalRequests.check(expectedVersion, deal.version());
        deal.win(note, actor, Timestamps.now(clock));
        return save(deal, true);
    }

    @Transactional
    public DealResponse lose(UUID id, Long expectedVersion, String reason, String note, String actor) {
        Deal deal = ownedOrManaged(id, "lose it");
        ConditionalRequests.check(expectedVersion, deal.version());
        deal.lose(reason, note, actor, Timestamps.now(clock));
        return save(deal, true);
    }

    /**
     * Reopens a won or lost deal in {@code stageId}, or else in its own stage — or, when that stage was removed or its
     * pipeline archived meanwhile, in the first stage of its pipeline.
     */
    @Transactional
    public DealResponse reopen(UUID id, Long expectedVersion, UUID stageId, String actor) {
        Deal deal = ownedOrManaged(id, "reopen it");
        ConditionalRequests.check(expectedVersion, deal.version());
        StagePlacement placement;
        if (stageId != null) {
            placement = enterable("stageId", stageId);
        } else {
            StagePlacement own = pipelines.enter(deal.stageId()).orElseThrow();
            placement = own.open()
                    ? own
                    : enterable(
                            "stageId",
                            pipelines
                                    .firstStage(deal.pipelineId())
                                    .orElseThrow(() -> unprocessable(
                                            "stageId",
                                            "the deal's pipeline is archived; name a stage to reopen the deal in")));
        }
        deal.reopen(placement.pipelineId(), placement.stage().id(), actor, Timestamps.now(clock));
        return save(deal, true);
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion, String actor) {
        Deal deal = ownedOrManaged(id, "delete it");
        ConditionalRequests.check(expectedVersion, deal.version());
        deal.delete(actor, Timestamps.now(clock));
        deals.update(deal);
        claimExternalIds(deal);
        outbox.appendAll(deal.pullEvents());
    }

    /** Claims the deal's ids in other systems (a deleted deal releases them): a 409 when another deal holds one. */
    private void claimExternalIds(Deal deal) {
        deals.externalIds()
                .claim(deal.id(), deal.details().externalIds(), deal.deletedAt() == null)
                .ifPresent(held -> {
                    throw io.atrium.platform.jdbc.ExternalIdClaims.duplicate("deal", "/api/v1/deals/", held);
                });
    }

    /** The stage history is read oldest first: one keyset sort, bound into its cursors like every list's. */
    static final Map<String, String[]> HISTORY_SORT = Map.of("changedAt", new String[] {"changed_at", "timestamptz"});

    /** One page of the deal's stage history, oldest first ({@code limit} 1–200, default 50; {@code after} a cursor). */
    @Transactional(readOnly = true)
    public Page<StageHistoryEntry> history(UUID id, Integer limit, String after) {
        int size = Page.limit(limit);
        if (!deals.visible(id, access.read(RecordType.DEAL))) {
            throw notFound(id);
        }
        Sorting sorting = Sorting.parse(null, "changedAt", HISTORY_SORT);
        return Page.of(
                        deals.history(id, sorting, after, size + 1, cursors),
                        size,
                        h -> sorting.position(h.sortKey(), h.id()),
                        cursors)
                .map(DealRepository.HistoryEntry::entry);
    }

    @Transactional(readOnly = true)
    public Page<DealResponse> list(DealRepository.DealFilter filter, String sort, Integer limit, String after) {
        int size = Page.limit(limit);
        if ((filter.amountMin() != null || filter.amountMax() != null) && filter.currency() == null) {
            throw ProblemException.invalidField(
                    "currency", "is required with amountMin or amountMax: amounts compare within one currency");
        }
        Sorting sorting = Sorting.parse(sort, "-created", SORTS);
        List<DealRepository.Listed> fetched =
                deals.list(filter, sorting, after, size, cursors, Timestamps.now(clock), access.read(RecordType.DEAL));
        Page<DealRepository.Listed> page = Page.of(
                fetched, size, l -> sorting.position(l.sortKey(), l.deal().id()), cursors);
        return new Page<>(responses(page.items()), page.next());
    }

    /** The board of one pipeline: per stage, its open deals (first {@code limit}), count and totals per currency. */
    @Transactional(readOnly = true)
    public Board board(UUID pipelineId, String ownerId, Integer limit) {
        int size = Page.limit(limit == null ? 20 : limit);
        PipelineView pipeline = pipelines.get(pipelineId);
        Instant now = Timestamps.now(clock);
        Sorting sorting = Sorting.parse("stageEntered", "stageEntered", SORTS);
        Scope scope = access.read(RecordType.DEAL);
        Map<UUID, List<DealRepository.Listed>> byStage =
                deals.boardDeals(pipelineId, ownerId, size, now, scope).stream()
                        .collect(Collectors.groupingBy(
                                l -> l.deal().stageId(), LinkedHashMap::new, Collectors.toList()));
        Map<UUID, List<DealRepository.StageTotals>> totals = deals.boardTotals(pipelineId, ownerId, now, scope).stream()
                .collect(Collectors.groupingBy(DealRepository.StageTotals::stageId));
        List<DealResponse> all = responses(
                byStage.values().stream().flatMap(l -> l.stream().limit(size)).toList());
        Map<UUID, DealResponse> responses =
                all.stream().collect(Collectors.toMap(r -> r.deal().id(), r -> r));
        List<Board.Column> columns = new ArrayList<>();
        for (Stage stage : pipeline.stages()) {
            List<DealRepository.Listed> fetched = byStage.getOrDefault(stage.id(), List.of());
            Page<DealRepository.Listed> page = Page.of(
                    fetched, size, l -> sorting.position(l.sortKey(), l.deal().id()), cursors);
            List<DealRepository.StageTotals> stageTotals = totals.getOrDefault(stage.id(), List.of());
            columns.add(new Board.Column(
                    stage,
                    stageTotals.stream()
                            .mapToLong(DealRepository.StageTotals::count)
                            .sum(),
                    stageTotals.stream()
                            .mapToLong(DealRepository.StageTotals::rotting)
                            .sum(),
                    stageTotals.stream()
                            .filter(t -> t.currency() != null)
                            .sorted(java.util.Comparator.comparing(DealRepository.StageTotals::currency))
                            .map(t -> new Board.Total(
                                    t.currency(),
                                    Money.render(t.total(), t.currency()),
                                    Money.render(t.weighted(), t.currency())))
                            .toList(),
                    page.items().stream().map(l -> responses.get(l.deal().id())).toList(),
                    page.next()));
        }
        return new Board(pipeline, columns);
    }

    /**
     * Detaches a contact or company that was deleted or erased upstream from every deal that refers to it, in the
     * transaction that applies that event. Live deals record an update; deleted ones just lose the reference.
     */
    @EventListener
    @Transactional
    public void on(ReferenceRemoved removed) {
        if (removed.kind() == ReferenceKind.DEAL) {
            return;
        }
        Instant now = Timestamps.now(clock);
        for (Deal deal : deals.referencing(removed.id())) {
            boolean wasDeleted = deal.deletedAt() != null;
            if (deal.detach(removed.id(), "deal-service", now)) {
                if (wasDeleted) {
                    deals.updateReferences(deal);
                } else {
                    deals.update(deal);
                    outbox.appendAll(deal.pullEvents());
                }
            }
        }
    }

    /**
     * A contact or company merged into another upstream: every deal that refers to it refers to the survivor instead,
     * in the transaction that applies that event. Live deals record an update; deleted ones just follow.
     */
    @EventListener
    @Transactional
    public void on(io.atrium.platform.references.ReferenceMerged merged) {
        if (merged.kind() == ReferenceKind.DEAL) {
            return;
        }
        Instant now = Timestamps.now(clock);
        for (Deal deal : deals.referencing(merged.id())) {
            boolean wasDeleted = deal.deletedAt() != null;
            if (deal.repoint(merged.id(), merged.survivorId(), "deal-service", now)) {
                if (wasDeleted) {
                    deals.updateReferences(deal);
                } else {
                    deals.update(deal);
                    outbox.appendAll(deal.pullEvents());
                }
            }
        }
    }

    /**
     * An admin's bulk reassignment: every live deal of {@code fromSubject}, open or closed (their book), moves to
     * {@code toSubject} in the transaction that consumes the directory's request, each publishing its update.
     */
    @EventListener
    @Transactional
    public void on(ReassignmentRequested request) {
        if (request.fromSubject() == null
                || request.toSubject() == null
                || request.fromSubject().equals(request.toSubject())) {
            return;
        }
        String actor = request.requestedBy() != null ? request.requestedBy() : "directory-service";
        Instant now = Timestamps.now(clock);
        for (Deal deal : deals.ownedBy(request.fromSubject())) {
            if (deal.reassign(request.toSubject(), actor, now)) {
                deals.update(deal);
                outbox.appendAll(deal.pullEvents());
            }
        }
    }

    /** The contacts and company a deal refers to, named by the request field each came in. */
    private static List<Reference> references(UUID primaryContactId, List<UUID> contactIds, UUID companyId) {
        List<Reference> references = new ArrayList<>();
        if (primaryContactId != null) {
            references.add(new Reference("primaryContactId", ReferenceKind.CONTACT, primaryContactId));
        }
        for (int i = 0; i < contactIds.size(); i++) {
            if (!contactIds.get(i).equals(primaryContactId)) {
                references.add(new Reference("contactIds[" + i + "]", ReferenceKind.CONTACT, contactIds.get(i)));
            }
        }
        if (companyId != null) {
            references.add(new Reference("companyId", ReferenceKind.COMPANY, companyId));
        }
        return references;
    }

    /** After a write the caller sees the deal they changed, even if it left their read scope (a new owner). */
    private DealResponse save(Deal deal, boolean changed) {
        if (changed) {
            deals.update(deal);
            outbox.appendAll(deal.pullEvents());
        }
        return load(deal.id(), Scope.ALL);
    }

    private DealResponse load(UUID id, Scope scope) {
        DealRepository.Listed listed =
                deals.findListed(id, Timestamps.now(clock), scope).orElseThrow(() -> notFound(id));
        return responses(List.of(listed)).getFirst();
    }

    private List<DealResponse> responses(List<DealRepository.Listed> listed) {
        Set<UUID> ids = new HashSet<>();
        for (DealRepository.Listed l : listed) {
            DealDetails d = l.deal().details();
            ids.addAll(d.contactIds());
            if (d.companyId() != null) {
                ids.add(d.companyId());
            }
        }
        Map<UUID, String> known = parties.names(ids);
        return listed.stream()
                .map(l -> {
                    DealView view = l.deal().view();
                    Map<UUID, String> names = new LinkedHashMap<>();
                    names.put(view.pipelineId(), l.pipelineName());
                    names.put(view.stageId(), l.stageName());
                    putKnown(names, known, view.contactIds());
                    putKnown(names, known, view.companyId() == null ? List.of() : List.of(view.companyId()));
                    return new DealResponse(view, l.rotting(), names);
                })
                .toList();
    }

    private static void putKnown(Map<UUID, String> names, Map<UUID, String> known, Collection<UUID> ids) {
        for (UUID id : ids) {
            String name = known.get(id);
            if (name != null) {
                names.put(id, name);
            }
        }
    }

    private StagePlacement enterable(String field, UUID stageId) {
        StagePlacement placement = pipelines.enter(stageId).orElseThrow(() -> unknown(field, stageId));
        if (placement.removed()) {
            throw unprocessable(field, "stage " + stageId + " was removed from its pipeline");
        }
        if (placement.pipelineArchived()) {
            throw unprocessable(field, "the pipeline of stage " + stageId + " is archived");
        }
        return placement;
    }

    private Deal live(UUID id) {
        Deal deal = deals.find(id, true).orElseThrow(() -> notFound(id));
        if (deal.deletedAt() != null) {
            throw notFound(id);
        }
        return deal;
    }

    /** A live deal the caller may change: 404 if they cannot see it, 403 if they only see it. */
    private Deal writable(UUID id) {
        Deal deal = live(id);
        access.requireWritable(RecordType.DEAL, deal.details().ownerId(), null, () -> notFound(id));
        return deal;
    }

    /** A deal the caller may change and that is theirs or their report's (or they are an admin), else 403. */
    private Deal ownedOrManaged(UUID id, String action) {
        Deal deal = writable(id);
        access.requireOwnerOrManager(RecordType.DEAL, deal.details().ownerId(), action);
        return deal;
    }

    /** Commands (move, win, lose, reopen) are guarded by the deal's own rules; an If-Match makes them conditional too. */
    private static ProblemException unknown(String field, UUID id) {
        return unprocessable(
                field, "no " + (field.startsWith("pipeline") ? "live pipeline" : "stage") + " with id " + id);
    }

    private static ProblemException unprocessable(String field, String message) {
        return ProblemException.unprocessable(
                "unknown-reference",
                field + ": " + message,
                Map.of("errors", List.of(new ProblemException.FieldProblem(field, message))));
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("deal", id);
    }
}
