package io.atrium.platform.access;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.ProblemException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record-access policy applied to the current caller: which records of a type they may read and change (a
 * {@link Scope} each service puts into its SQL), and whether they may re-own, win, lose, reopen or delete one.
 *
 * <p>A caller's level for a type is the widest their roles grant ({@link AccessProperties}). {@code team} reaches the
 * records of the caller and everyone in the teams they belong to or manage, and those teams' records; {@code own}
 * the caller's. Whatever the level (other than none), a manager also reaches the records of the members of the teams
 * they manage and of the users who report to them. Admins reach everything.
 */
public class RecordAccess {

    private static final String ROLE_PREFIX = "ROLE_";

    private final AccessProperties properties;
    private final People people;

    RecordAccess(AccessProperties properties, People people) {
        this.properties = properties;
        this.people = people;
    }

    /** The records of {@code type} the caller may see. */
    @Transactional(readOnly = true)
    public Scope read(RecordType type) {
        return scope(type, false);
    }

    /** The records of {@code type} the caller may change. */
    @Transactional(readOnly = true)
    public Scope write(RecordType type) {
        return scope(type, true);
    }

    /**
     * The caller may see a record owned by {@code owner} (in {@code team}, may be null), or else it does not exist for
     * them: the {@code notFound} problem, so ids do not leak.
     */
    public void requireReadable(
            RecordType type, String owner, String team, Supplier<? extends RuntimeException> notFound) {
        if (!read(type).permits(owner, team)) {
            throw notFound.get();
        }
    }

    /**
     * The caller may change a record owned by {@code owner} (in {@code team}): a record they cannot see is
     * {@code notFound}; one they see but may not change a 403 problem.
     */
    public void requireWritable(
            RecordType type, String owner, String team, Supplier<? extends RuntimeException> notFound) {
        requireReadable(type, owner, team, notFound);
        if (!write(type).permits(owner, team)) {
            throw ProblemException.forbidden(
                    "record-access",
                    "Your roles let you see this " + type.wire() + " but not change it (owned by " + owner + ")");
        }
    }

    /**
     * Whether the caller may re-own, win, lose, reopen or delete a record owned by {@code owner}: its owner, their
     * manager (team manager or the user's manager) and admins may.
     */
    @Transactional(readOnly = true)
    public boolean ownerOrManager(String owner) {
        String me = CurrentActor.name();
        return isAdmin()
                || me.equals(owner)
                || (owner != null && people.managed(me).contains(owner));
    }

    /** {@link #ownerOrManager}, or a 403 problem saying who may {@code action}. */
    public void requireOwnerOrManager(RecordType type, String owner, String action) {
        if (!ownerOrManager(owner)) {
            throw ProblemException.forbidden(
                    "not-owner",
                    "Only the owner of this " + type.wire() + " (" + owner + "), their manager or an admin may "
                            + action);
        }
    }

    public boolean isAdmin() {
        return roles().contains(Roles.ADMIN);
    }

    private Scope scope(RecordType type, boolean write) {
        Set<String> roles = roles();
        if (roles.contains(Roles.ADMIN)) {
            return Scope.ALL;
        }
        Level level = Level.NONE;
        for (String role : roles) {
            AccessProperties.Rule rule = properties.rule(role, type);
            level = level.widest(write ? rule.write() : rule.read());
        }
        return switch (level) {
            case ALL -> Scope.ALL;
            case NONE -> Scope.NONE;
            case OWN, TEAM -> reach(CurrentActor.name(), level == Level.TEAM);
        };
    }

    private Scope reach(String me, boolean wholeTeams) {
        Set<String> subjects = new HashSet<>();
        Set<UUID> teams = new HashSet<>();
        subjects.add(me);
        Optional<Person> person = people.bySubject(me);
        if (person.isPresent()) {
            UUID id = person.get().id();
            List<Team> mine = people.store().teamsOf(id);
            List<UUID> reached = mine.stream()
                    .filter(t -> wholeTeams || id.equals(t.managerId()))
                    .map(Team::id)
                    .toList();
            teams.addAll(reached);
            people.members(reached).forEach(p -> subjects.add(p.subject()));
            people.store().reports(id).forEach(p -> subjects.add(p.subject()));
        }
        return new Scope(false, subjects, teams);
    }

    private static Set<String> roles() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Set<String> roles = new HashSet<>();
        if (authentication != null) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                String name = authority.getAuthority();
                if (name != null && name.startsWith(ROLE_PREFIX)) {
                    roles.add(name.substring(ROLE_PREFIX.length()));
                }
            }
        }
        return roles;
    }
}
