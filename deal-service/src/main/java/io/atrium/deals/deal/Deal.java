package io.atrium.deals.deal;

import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.events.Changes;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.web.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The deal aggregate. Its transitions are guarded (a closed deal does not move; only a closed deal reopens), each
 * bumps the version and records exactly one {@code crm.deal.*} event; entering a stage also records a
 * {@link StageChange} for the history. The service writes the row, the history and the events in one transaction.
 */
public final class Deal extends AggregateRoot<UUID> {

    private DealDetails details;
    private UUID pipelineId;
    private UUID stageId;
    private DealStatus status;
    private Instant stageEnteredAt;
    private String lostReason;
    private String closeNote;
    private Instant closedAt;
    private String closedBy;
    private Instant deletedAt;
    private final List<StageChange> stageChanges = new ArrayList<>();

    Deal(
            UUID id,
            long version,
            DealDetails details,
            UUID pipelineId,
            UUID stageId,
            DealStatus status,
            Instant stageEnteredAt,
            String lostReason,
            String closeNote,
            Instant closedAt,
            String closedBy,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            Instant deletedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.details = details;
        this.pipelineId = pipelineId;
        this.stageId = stageId;
        this.status = status;
        this.stageEnteredAt = stageEnteredAt;
        this.lostReason = lostReason;
        this.closeNote = closeNote;
        this.closedAt = closedAt;
        this.closedBy = closedBy;
        this.deletedAt = deletedAt;
    }

    static Deal create(UUID id, DealDetails details, UUID pipelineId, UUID stageId, String actor, Instant now) {
        Deal deal = new Deal(
                id,
                1,
                details.normalized(),
                pipelineId,
                stageId,
                DealStatus.OPEN,
                now,
                null,
                null,
                null,
                null,
                actor,
                now,
                actor,
                now,
                null);
        deal.stageChanges.add(
                new StageChange(TimeOrderedIds.next(), id, null, null, pipelineId, stageId, actor, now, null));
        deal.record(new DealEvents.DealChanged(DealEvents.CREATED, deal.view(), null));
        return deal;
    }

    /** Applies new details; a change that changes nothing is no change (no version, no event). */
    boolean update(DealDetails next, String actor, Instant now) {
        requireLive();
        DealDetails normalized = next.normalized();
        List<String> changed = Changes.between(details, normalized);
        if (changed.isEmpty()) {
            return false;
        }
        details = normalized;
        changed(actor, now);
        record(new DealEvents.DealChanged(DealEvents.UPDATED, view(), changed));
        return true;
    }

    /**
     * Hands the deal, open or closed, to another owner (an admin's bulk reassignment); recorded as an update of
     * {@code ownerId}. Returns whether anything changed.
     */
    boolean reassign(String owner, String actor, Instant now) {
        return update(details.withOwner(owner), actor, now);
    }

    /** Moves the open deal to another stage, of this pipeline or another; moving to its own stage changes nothing. */
    boolean moveTo(UUID toPipelineId, UUID toStageId, String actor, Instant now) {
        requireLive();
        requireOpen("move");
        if (toStageId.equals(stageId)) {
            return false;
        }
        StageChange change = enter(toPipelineId, toStageId, actor, now);
        changed(actor, now);
        record(new DealEvents.StageChanged(view(), change));
        return true;
    }

    void win(String note, String actor, Instant now) {
        close(DealStatus.WON, null, note, actor, now);
        record(new DealEvents.DealChanged(DealEvents.WON, view(), null));
    }

    void lose(String reason, String note, String actor, Instant now) {
        close(DealStatus.LOST, reason, note, actor, now);
        record(new DealEvents.DealChanged(DealEvents.LOST, view(), null));
    }

    /**
     * Opens a won or lost deal again, in {@code toStageId} (its own stage, unless that was removed meanwhile). It
     * re-enters the stage now, so its time in the stage starts again and it is not rotting from the outset.
     */
    void reopen(UUID toPipelineId, UUID toStageId, String actor, Instant now) {
        requireLive();
        if (status == DealStatus.OPEN) {
            throw ProblemException.conflict(
                    "deal-open", "Deal " + id() + " is open; only a won or lost deal can be reopened", Map.of());
        }
        status = DealStatus.OPEN;
        lostReason = null;
        closeNote = null;
        closedAt = null;
        closedBy = null;
        if (toStageId.equals(stageId)) {
            stageEnteredAt = now;
        } else {
            enter(toPipelineId, toStageId, actor, now);
        }
        changed(actor, now);
        record(new DealEvents.DealChanged(DealEvents.REOPENED, view(), null));
    }

    void delete(String actor, Instant now) {
        requireLive();
        deletedAt = now;
        changed(actor, now);
        record(new DealEvents.DealChanged(DealEvents.DELETED, view(), null));
    }

    /**
     * Removes every reference to a contact or company that no longer exists. A live deal records it as an update;
     * returns whether anything changed.
     */
    boolean detach(UUID partyId, String actor, Instant now) {
        DealDetails next = details.without(partyId);
        if (next.equals(details)) {
            return false;
        }
        if (deletedAt != null) {
            details = next;
            return true;
        }
        return update(next, actor, now);
    }

    /**
     * Refers to the survivor wherever it referred to a contact or company merged into it. A live deal records an
     * update (its contacts or company changed); a deleted one just follows.
     */
    boolean repoint(UUID mergedId, UUID survivorId, String actor, Instant now) {
        DealDetails next = details.repointed(mergedId, survivorId);
        if (next.equals(details)) {
            return false;
        }
        if (deletedAt != null) {
            details = next;
            return true;
        }
        return update(next, actor, now);
    }

    /** The stage history entries recorded since the last pull; the repository inserts them. */
    List<StageChange> pullStageChanges() {
        List<StageChange> pulled = List.copyOf(stageChanges);
        stageChanges.clear();
        return pulled;
    }

    private StageChange enter(UUID toPipelineId, UUID toStageId, String actor, Instant now) {
        long millis = Math.max(0, Duration.between(stageEnteredAt, now).toMillis());
        StageChange change = new StageChange(
                TimeOrderedIds.next(), id(), pipelineId, stageId, toPipelineId, toStageId, actor, now, millis);
        pipelineId = toPipelineId;
        stageId = toStageId;
        stageEnteredAt = now;
        stageChanges.add(change);
        return change;
    }

    private void close(DealStatus outcome, String reason, String note, String actor, Instant now) {
        requireLive();
        requireOpen(outcome == DealStatus.WON ? "win" : "lose");
        status = outcome;
        lostReason = reason == null ? null : reason.strip();
        closeNote = note == null || note.isBlank() ? null : note.strip();
        closedAt = now;
        closedBy = actor;
        changed(actor, now);
    }

    private void requireOpen(String action) {
        if (status != DealStatus.OPEN) {
            throw ProblemException.conflict(
                    "deal-closed",
                    "Deal " + id() + " is " + status.wire() + "; reopen it before you " + action + " it",
                    Map.of("status", status.wire()));
        }
    }

    private void requireLive() {
        if (deletedAt != null) {
            throw ProblemException.notFound("deal", id());
        }
    }

    DealDetails details() {
        return details;
    }

    UUID pipelineId() {
        return pipelineId;
    }

    UUID stageId() {
        return stageId;
    }

    DealStatus status() {
        return status;
    }

    Instant stageEnteredAt() {
        return stageEnteredAt;
    }

    String lostReason() {
        return lostReason;
    }

    String closeNote() {
        return closeNote;
    }

    Instant closedAt() {
        return closedAt;
    }

    String closedBy() {
        return closedBy;
    }

    Instant deletedAt() {
        return deletedAt;
    }

    DealView view() {
        DealDetails d = details;
        return new DealView(
                id(),
                version(),
                d.title(),
                pipelineId,
                stageId,
                status,
                d.amount(),
                d.expectedCloseDate(),
                d.ownerId(),
                d.primaryContactId(),
                d.contactIds(),
                d.companyId(),
                d.leadSource(),
                d.tags(),
                d.customFields(),
                d.externalIds(),
                stageEnteredAt,
                lostReason,
                closeNote,
                closedAt,
                closedBy,
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt(),
                deletedAt);
    }
}
