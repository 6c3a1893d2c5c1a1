package io.atrium.directory.team;

import io.atrium.directory.user.UserView;
import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.events.Changes;
import io.atrium.platform.web.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The team aggregate. Its manager must be an active known user; its members must be known users (a member who is
 * deactivated later stays a member: their user carries {@code active=false}). Each change bumps the version and
 * records its event.
 */
public final class Team extends AggregateRoot<UUID> {

    private TeamDetails details;
    private final SortedSet<UUID> members;
    private boolean deleted;

    Team(
            UUID id,
            long version,
            TeamDetails details,
            SortedSet<UUID> members,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.details = details;
        this.members = new TreeSet<>(members);
    }

    /** A new team; {@code manager} is the resolved {@code details.managerId()}, null when unknown or none. */
    static Team create(
            UUID id, TeamDetails details, SortedSet<UUID> members, UserView manager, String actor, Instant now) {
        guard(details, manager);
        Team team = new Team(id, 1, details, members, actor, now, actor, now);
        team.record(new TeamEvents.TeamChanged(TeamEvents.CREATED, team.view(), null));
        return team;
    }

    boolean update(TeamDetails next, UserView manager, String actor, Instant now) {
        requireLive();
        List<String> changed = Changes.between(details, next);
        if (changed.isEmpty()) {
            return false;
        }
        if (!Objects.equals(details.managerId(), next.managerId())) {
            guard(next, manager);
        }
        details = next;
        changed(actor, now);
        record(new TeamEvents.TeamChanged(TeamEvents.UPDATED, view(), changed));
        return true;
    }

    /** Makes {@code next} the members (known users, checked by the caller); false when nobody joined or left. */
    boolean changeMembers(SortedSet<UUID> next, String actor, Instant now) {
        requireLive();
        List<UUID> added = next.stream().filter(id -> !members.contains(id)).toList();
        List<UUID> removed = members.stream().filter(id -> !next.contains(id)).toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return false;
        }
        members.clear();
        members.addAll(next);
        changed(actor, now);
        record(new TeamEvents.MembersChanged(view(), added, removed));
        return true;
    }

    void delete(String actor, Instant now) {
        requireLive();
        deleted = true;
        changed(actor, now);
        record(new TeamEvents.TeamChanged(TeamEvents.DELETED, view(), null));
    }

    private void requireLive() {
        if (deleted) {
            throw new IllegalStateException("Team " + id() + " is deleted");
        }
    }

    private static void guard(TeamDetails next, UserView manager) {
        if (next.managerId() == null) {
            return;
        }
        if (manager == null || !manager.id().equals(next.managerId())) {
            throw ProblemException.unprocessable(
                    "unknown-manager", "No user with id " + next.managerId(), Map.of("field", "managerId"));
        }
        if (!manager.active()) {
            throw ProblemException.unprocessable(
                    "inactive-manager",
                    "The manager " + manager.id() + " is deactivated",
                    Map.of("field", "managerId"));
        }
    }

    TeamDetails details() {
        return details;
    }

    SortedSet<UUID> members() {
        return members;
    }

    public TeamView view() {
        return new TeamView(
                id(),
                version(),
                details.name(),
                details.managerId(),
                List.copyOf(members),
                details.externalId(),
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt());
    }
}
