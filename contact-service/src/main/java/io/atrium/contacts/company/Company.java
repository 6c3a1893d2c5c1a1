package io.atrium.contacts.company;

import io.atrium.platform.events.Changes;
import io.atrium.platform.events.DomainEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The company aggregate. Each change is guarded, bumps the version and records the event it causes. */
public final class Company {

    private final UUID id;
    private long version;
    private CompanyDetails details;
    private final String createdBy;
    private final Instant createdAt;
    private String updatedBy;
    private Instant updatedAt;
    private Instant deletedAt;
    private final List<DomainEvent> events = new ArrayList<>();

    Company(
            UUID id,
            long version,
            CompanyDetails details,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            Instant deletedAt) {
        this.id = id;
        this.version = version;
        this.details = details;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
        this.deletedAt = deletedAt;
    }

    static Company create(UUID id, CompanyDetails details, String actor, Instant now) {
        Company company = new Company(id, 1, details, actor, now, actor, now, null);
        company.events.add(new CompanyEvents.CompanyChanged(CompanyEvents.CREATED, company.view(), null));
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
        touch(actor, now);
        events.add(new CompanyEvents.CompanyChanged(CompanyEvents.UPDATED, view(), changed));
        return true;
    }

    void delete(String actor, Instant now) {
        requireLive();
        deletedAt = now;
        touch(actor, now);
        events.add(new CompanyEvents.CompanyChanged(CompanyEvents.DELETED, view(), null));
    }

    private void touch(String actor, Instant now) {
        version++;
        updatedBy = actor;
        updatedAt = now;
    }

    private void requireLive() {
        if (deletedAt != null) {
            throw new IllegalStateException("Company " + id + " is deleted");
        }
    }

    List<DomainEvent> pullEvents() {
        List<DomainEvent> pulled = List.copyOf(events);
        events.clear();
        return pulled;
    }

    UUID id() {
        return id;
    }

    long version() {
        return version;
    }

    CompanyDetails details() {
        return details;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }

    String updatedBy() {
        return updatedBy;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    Instant deletedAt() {
        return deletedAt;
    }

    CompanyView view() {
        return new CompanyView(
                id,
                version,
                details.name(),
                details.domain(),
                details.industry(),
                details.size(),
                details.address(),
                details.ownerId(),
                details.tags(),
                details.customFields(),
                createdBy,
                createdAt,
                updatedBy,
                updatedAt,
                deletedAt);
    }
}
