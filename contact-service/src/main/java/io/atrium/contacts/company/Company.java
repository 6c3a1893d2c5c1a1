package io.atrium.contacts.company;

import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.events.Changes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The company aggregate. Each change is guarded, bumps the version and records the event it causes. */
public final class Company extends AggregateRoot<UUID> {

    private CompanyDetails details;
    private Instant deletedAt;

    Company(
            UUID id,
            long version,
            CompanyDetails details,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            Instant deletedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.details = details;
        this.deletedAt = deletedAt;
    }

    static Company create(UUID id, CompanyDetails details, String actor, Instant now) {
        Company company = new Company(id, 1, details, actor, now, actor, now, null);
        company.record(new CompanyEvents.CompanyChanged(CompanyEvents.CREATED, company.view(), null));
        return company;
    }

    /** Applies new details; a change that changes nothing is no change (no version, no event). */
    boolean update(CompanyDetails next, String actor, Instant now) {
        requireLive();
        List<String> changed = Changes.between(details, next);
        if (changed.isEmpty()) {
            return false;
        }
        details = next;
        changed(actor, now);
        record(new CompanyEvents.CompanyChanged(CompanyEvents.UPDATED, view(), changed));
        return true;
    }

    /**
     * Moves a live company owned by {@code from} (a company without an owner is its creator's) to {@code to}, as an
     * admin's bulk reassignment asks; false when it is deleted or no longer {@code from}'s.
     */
    boolean reassign(String from, String to, String actor, Instant now) {
        if (deletedAt != null || !from.equals(owner())) {
            return false;
        }
        return update(details.withOwnerId(to), actor, now);
    }

    /** Whose company this is for record access: its owner, or else its creator. */
    String owner() {
        return details.ownerId() != null ? details.ownerId() : createdBy();
    }

    void delete(String actor, Instant now) {
        requireLive();
        deletedAt = now;
        changed(actor, now);
        record(new CompanyEvents.CompanyChanged(CompanyEvents.DELETED, view(), null));
    }

    /** Takes in a duplicate's values ({@link CompanyMerge}), recorded as an ordinary update; false if none changed. */
    boolean absorb(Company duplicate, CompanyDetails merged, String actor, Instant now) {
        if (duplicate.id().equals(id()) || duplicate.deletedAt != null) {
            throw new IllegalStateException("Company " + duplicate.id() + " cannot be merged into " + id());
        }
        return update(merged, actor, now);
    }

    /** Merged away into {@code survivorId}: a deleted tombstone from now on, its domain free for the survivor. */
    void mergeInto(UUID survivorId, String actor, Instant now) {
        requireLive();
        deletedAt = now;
        changed(actor, now);
        record(new CompanyEvents.CompanyMerged(id(), version(), survivorId, now, actor));
    }

    private void requireLive() {
        if (deletedAt != null) {
            throw new IllegalStateException("Company " + id() + " is deleted");
        }
    }

    CompanyDetails details() {
        return details;
    }

    Instant deletedAt() {
        return deletedAt;
    }

    CompanyView view() {
        return new CompanyView(
                id(),
                version(),
                details.name(),
                details.domain(),
                details.industry(),
                details.size(),
                details.address(),
                details.ownerId(),
                details.tags(),
                details.customFields(),
                details.externalIds(),
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt(),
                deletedAt);
    }
}
