package io.atrium.directory.user;

import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.events.Changes;
import io.atrium.platform.web.ProblemException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The user aggregate. Each change is guarded, bumps the version and records the event it causes. A manager must be an
 * active known user and may not be the user or anyone the user manages, directly or not; a time zone must be an IANA
 * zone. Deactivation keeps the user (and everything they hold) and only flags them.
 */
public final class User extends AggregateRoot<UUID> {

    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private String subject;
    private UserDetails details;
    private boolean active;
    private Instant deactivatedAt;
    private Instant deletedByIdpAt;

    User(
            UUID id,
            long version,
            String subject,
            UserDetails details,
            boolean active,
            Instant deactivatedAt,
            Instant deletedByIdpAt,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.subject = subject;
        this.details = details;
        this.active = active;
        this.deactivatedAt = deactivatedAt;
        this.deletedByIdpAt = deletedByIdpAt;
    }

    /** A new user; {@code manager} is the resolved {@code details.managerId()} (null when it has none). */
    static User create(
            UUID id, String subject, UserDetails details, boolean active, Manager manager, String actor, Instant now) {
        User user = new User(id, 1, subject, details, active, active ? null : now, null, actor, now, actor, now);
        user.guard(details, manager);
        user.record(new UserEvents.UserChanged(UserEvents.CREATED, user.view(), null));
        return user;
    }

    /** Applies new details; a change that changes nothing is no change (no version, no event). */
    boolean update(String nextSubject, UserDetails next, Manager manager, String actor, Instant now) {
        List<String> changed = new java.util.ArrayList<>(Changes.between(details, next));
        if (!Objects.equals(subject, nextSubject)) {
            changed.addFirst("subject");
        }
        if (changed.isEmpty()) {
            return false;
        }
        if (!Objects.equals(details.managerId(), next.managerId()) || changed.contains("timeZone")) {
            guard(next, manager);
        }
        subject = nextSubject;
        details = next;
        changed(actor, now);
        record(new UserEvents.UserChanged(UserEvents.UPDATED, view(), changed));
        return true;
    }

    /** Deactivates the user; {@code byIdp} marks a deletion by the identity provider. False if nothing changed. */
    boolean deactivate(boolean byIdp, String actor, Instant now) {
        if (!active && (!byIdp || deletedByIdpAt != null)) {
            return false;
        }
        if (active) {
            deactivatedAt = now;
        }
        active = false;
        if (byIdp) {
            deletedByIdpAt = now;
        }
        changed(actor, now);
        record(new UserEvents.UserChanged(UserEvents.DEACTIVATED, view(), null));
        return true;
    }

    /** Reactivates a deactivated user, also one the identity provider had deleted. False if already active. */
    boolean reactivate(String actor, Instant now) {
        if (active) {
            return false;
        }
        active = true;
        deactivatedAt = null;
        deletedByIdpAt = null;
        changed(actor, now);
        record(new UserEvents.UserChanged(UserEvents.REACTIVATED, view(), null));
        return true;
    }

    /**
     * Asks every service to move this user's records to {@code to} (null when no such user exists). This user may be
     * active or not; {@code to} must be another, active user. The request is a fact about this user, so it bumps the
     * version like any change: consumers skip an event whose version they have already applied.
     */
    Reassignment requestReassignment(UUID reassignmentId, UUID toId, User to, String actor, Instant now) {
        if (to == null) {
            throw reassignmentRefused("unknown-user", "No user with id " + toId);
        }
        if (to.id().equals(id())) {
            throw reassignmentRefused("reassignment-to-self", "A user's records cannot be reassigned to that user");
        }
        if (!to.active) {
            throw reassignmentRefused("inactive-user", "The user " + to.id() + " is deactivated");
        }
        Reassignment reassignment = new Reassignment(reassignmentId, id(), subject, to.id(), to.subject, actor, now);
        changed(actor, now);
        record(new UserEvents.ReassignmentRequested(view(), reassignment));
        return reassignment;
    }

    private static ProblemException reassignmentRefused(String type, String detail) {
        return ProblemException.unprocessable(type, detail, Map.of("field", "to"));
    }

    private void guard(UserDetails next, Manager manager) {
        if (next.timeZone() != null && !ZONES.contains(next.timeZone())) {
            throw ProblemException.invalidField("timeZone", "must be an IANA time zone such as Europe/Berlin");
        }
        if (next.managerId() == null) {
            return;
        }
        if (manager == null || !manager.id().equals(next.managerId())) {
            throw unprocessable("unknown-manager", "No user with id " + next.managerId());
        }
        if (manager.id().equals(id()) || manager.chain().contains(id())) {
            throw unprocessable("manager-cycle", "A user cannot be managed by themselves or by someone they manage");
        }
        if (!manager.active()) {
            throw unprocessable("inactive-manager", "The manager " + manager.id() + " is deactivated");
        }
    }

    private static ProblemException unprocessable(String type, String detail) {
        return ProblemException.unprocessable(type, detail, Map.of("field", "managerId"));
    }

    String subject() {
        return subject;
    }

    UserDetails details() {
        return details;
    }

    boolean active() {
        return active;
    }

    Instant deactivatedAt() {
        return deactivatedAt;
    }

    Instant deletedByIdpAt() {
        return deletedByIdpAt;
    }

    public UserView view() {
        return new UserView(
                id(),
                version(),
                subject,
                details.userName(),
                details.displayName(),
                details.givenName(),
                details.familyName(),
                details.email(),
                active,
                details.managerId(),
                details.timeZone(),
                details.externalId(),
                deactivatedAt,
                deletedByIdpAt,
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt());
    }
}
