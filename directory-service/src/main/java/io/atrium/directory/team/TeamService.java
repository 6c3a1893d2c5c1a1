package io.atrium.directory.team;

import io.atrium.directory.ScimSearch;
import io.atrium.directory.user.UserService;
import io.atrium.directory.user.UserView;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Team use cases, for the admin API and SCIM alike: each runs in one transaction with the events it causes. */
@Service
public class TeamService {

    static final Map<String, String[]> SORTS = Map.of("name", new String[] {"lower(t.name)", "text"});

    /** The column of each attribute a SCIM filter may compare. */
    static final Map<String, String> SCIM_COLUMNS =
            Map.of("id", "id", "displayName", "name", "externalId", "external_id");

    private final TeamRepository teams;
    private final UserService users;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final Clock clock;

    TeamService(
            TeamRepository teams,
            UserService users,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            Clock clock) {
        this.teams = teams;
        this.users = users;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Transactional
    public TeamView create(TeamDetails details, Collection<UUID> memberIds, String actor) {
        binder.validate(details);
        SortedSet<UUID> members = knownUsers(memberIds);
        Team team =
                Team.create(TimeOrderedIds.next(), details, members, manager(details), actor, Timestamps.now(clock));
        if (!teams.insert(team)) {
            throw duplicateName(details.name());
        }
        outbox.appendAll(team.pullEvents());
        return team.view();
    }

    @Transactional(readOnly = true)
    public TeamView get(UUID id) {
        return teams.find(id, false).map(Team::view).orElseThrow(() -> notFound(id));
    }

    /**
     * Replaces the team's details and, unless {@code memberIds} is null, its members (SCIM PUT and PATCH, admin
     * merge patch): an updated and a members-changed event, each only if it changed something.
     */
    @Transactional
    public TeamView replace(UUID id, Long expectedVersion, TeamDetails next, Collection<UUID> memberIds, String actor) {
        Team team = teams.find(id, true).orElseThrow(() -> notFound(id));
        long loaded = team.version();
        ConditionalRequests.check(expectedVersion, team.version());
        binder.validate(next);
        var now = Timestamps.now(clock);
        if (!next.name().equalsIgnoreCase(team.details().name())) {
            teams.findIdByName(next.name()).ifPresent(existing -> {
                throw duplicateName(next.name());
            });
        }
        boolean changed = team.update(next, manager(next), actor, now);
        if (memberIds != null) {
            changed |= team.changeMembers(knownUsers(memberIds), actor, now);
        }
        if (changed) {
            try {
                teams.update(team, loaded);
            } catch (DuplicateKeyException e) {
                throw duplicateName(next.name());
            }
            outbox.appendAll(team.pullEvents());
        }
        return team.view();
    }

    @Transactional
    public TeamView patch(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Team team = teams.find(id, false).orElseThrow(() -> notFound(id));
        TeamDetails next = binder.apply(team.details(), patch, TeamDetails.class);
        return replace(id, expectedVersion, next, null, actor);
    }

    /** Adds and removes members; a user who is already in (or already out) changes nothing. */
    @Transactional
    public TeamView changeMembers(
            UUID id, Long expectedVersion, Collection<UUID> add, Collection<UUID> remove, String actor) {
        Team team = teams.find(id, true).orElseThrow(() -> notFound(id));
        long loaded = team.version();
        ConditionalRequests.check(expectedVersion, team.version());
        SortedSet<UUID> next = new TreeSet<>(team.members());
        next.addAll(knownUsers(add));
        next.removeAll(Set.copyOf(remove));
        if (team.changeMembers(next, actor, Timestamps.now(clock))) {
            teams.update(team, loaded);
            outbox.appendAll(team.pullEvents());
        }
        return team.view();
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion, String actor) {
        Team team = teams.find(id, true).orElseThrow(() -> notFound(id));
        ConditionalRequests.check(expectedVersion, team.version());
        team.delete(actor, Timestamps.now(clock));
        teams.delete(id);
        outbox.appendAll(team.pullEvents());
    }

    @Transactional(readOnly = true)
    public Page<TeamView> list(String q, UUID memberId, String sort, Integer limit, String after) {
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse(sort, "name", SORTS);
        String query = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        var fetched = teams.list(query, memberId, sorting, after, size, cursors);
        return Page.of(
                        fetched,
                        size,
                        k -> sorting.position(k.sortKey(), k.item().id()),
                        cursors)
                .map(k -> k.item().view());
    }

    /** SCIM search, optionally where {@code attribute} equals {@code value} ({@code displayName} without case). */
    @Transactional(readOnly = true)
    public ScimSearch.Found<TeamView> search(String attribute, Object value, int offset, int count) {
        return ScimSearch.of(attribute, value, SCIM_COLUMNS, "displayName", offset, count)
                .run(teams::countBy, teams::findBy, Team::view);
    }

    private SortedSet<UUID> knownUsers(Collection<UUID> ids) {
        SortedSet<UUID> wanted = new TreeSet<>(ids);
        Set<UUID> known =
                users.find(List.copyOf(wanted)).stream().map(UserView::id).collect(Collectors.toSet());
        List<UUID> unknown = wanted.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable(
                    "unknown-member",
                    "No user with id " + unknown.stream().map(UUID::toString).collect(Collectors.joining(", ")),
                    Map.of("field", "members", "unknownIds", unknown));
        }
        return wanted;
    }

    private UserView manager(TeamDetails details) {
        if (details.managerId() == null) {
            return null;
        }
        return users.find(List.of(details.managerId())).stream().findFirst().orElse(null);
    }

    private ProblemException duplicateName(String name) {
        UUID existing = teams.findIdByName(name).orElse(null);
        return ProblemException.conflict(
                "duplicate-team-name",
                "A team named " + name + " already exists",
                existing == null
                        ? Map.of("field", "name")
                        : Map.of("field", "name", "existingId", existing, "existing", "/api/v1/teams/" + existing));
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("team", id);
    }
}
