package io.atrium.platform.access;

import io.atrium.platform.web.ProblemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;

/**
 * What this service knows of the directory's users and teams: names, emails and time zones to show and notify,
 * membership and managers for record access, and the check that an owner, assignee or team names a known active one.
 */
public class People {

    private final DirectoryStore store;

    People(DirectoryStore store) {
        this.store = store;
    }

    /** A request field that names a user by their token subject, e.g. {@code ownerId}. */
    public record UserField(String field, String subject) {}

    /** A request field that names a team by its id, e.g. {@code team}. */
    public record TeamField(String field, String teamId) {}

    /**
     * Checks that every named user is known to the directory and active, and every named team exists. Null values are
     * skipped (a field left empty). Otherwise one 422 problem naming each field, and the caller's transaction writes
     * nothing.
     */
    @Transactional(readOnly = true)
    public void requireKnown(List<UserField> users, List<TeamField> teams) {
        List<ProblemException.FieldProblem> problems = new ArrayList<>();
        Map<String, Person> known = bySubject(
                users.stream().map(UserField::subject).filter(s -> s != null).toList());
        for (UserField user : users) {
            if (user.subject() == null) {
                continue;
            }
            Person person = known.get(user.subject());
            if (person == null) {
                problems.add(new ProblemException.FieldProblem(
                        user.field(), "no user with subject '" + user.subject() + "' in the directory"));
            } else if (!person.active()) {
                problems.add(new ProblemException.FieldProblem(
                        user.field(), "user '" + user.subject() + "' is deactivated"));
            }
        }
        for (TeamField team : teams) {
            if (team.teamId() == null) {
                continue;
            }
            UUID id = parse(team.teamId());
            Optional<Team> found = id == null
                    ? Optional.empty()
                    : store.teams(List.of(id)).stream().findFirst();
            if (found.isEmpty() || found.get().deleted()) {
                problems.add(new ProblemException.FieldProblem(
                        team.field(), "no team with id '" + team.teamId() + "' in the directory"));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.unprocessable(
                    "unknown-user-or-team",
                    problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")),
                    Map.of("errors", problems));
        }
    }

    /** Shorthand for one user field. */
    public void requireActiveUser(String field, String subject) {
        requireKnown(List.of(new UserField(field, subject)), List.of());
    }

    @Transactional(readOnly = true)
    public Optional<Person> bySubject(String subject) {
        return subject == null
                ? Optional.empty()
                : Optional.ofNullable(bySubject(List.of(subject)).get(subject));
    }

    /** The users known by these subjects (the newest, should an old and a new user have held one subject). */
    @Transactional(readOnly = true)
    public Map<String, Person> bySubject(Collection<String> subjects) {
        return store.usersBySubject(new HashSet<>(subjects)).stream()
                .sorted(Comparator.comparing(Person::active))
                .collect(Collectors.toMap(Person::subject, Function.identity(), (older, newer) -> newer));
    }

    /**
     * The users named by these values, each by its token subject or else its email address (case aside), as a file
     * names an owner; a value that names neither, or an email that several users have, is absent.
     */
    @Transactional(readOnly = true)
    public Map<String, Person> bySubjectOrEmail(Collection<String> values) {
        Map<String, Person> found = new java.util.HashMap<>(bySubject(values));
        Map<String, String> lower = new java.util.HashMap<>();
        values.stream()
                .filter(v -> !found.containsKey(v) && v.contains("@"))
                .forEach(v -> lower.put(v, v.strip().toLowerCase(java.util.Locale.ROOT)));
        if (lower.isEmpty()) {
            return found;
        }
        Map<String, List<Person>> byEmail = store.usersByEmail(new HashSet<>(lower.values())).stream()
                .collect(Collectors.groupingBy(p -> p.email().toLowerCase(java.util.Locale.ROOT)));
        lower.forEach((value, email) -> {
            List<Person> people = byEmail.getOrDefault(email, List.of());
            List<Person> active = people.stream().filter(Person::active).toList();
            if (active.size() == 1) {
                found.put(value, active.getFirst());
            } else if (active.isEmpty() && people.size() == 1) {
                found.put(value, people.getFirst());
            }
        });
        return found;
    }

    @Transactional(readOnly = true)
    public Optional<Person> user(UUID id) {
        return store.user(id);
    }

    @Transactional(readOnly = true)
    public Optional<Team> team(UUID id) {
        return store.teams(List.of(id)).stream().findFirst();
    }

    /** The teams this user belongs to or manages. */
    @Transactional(readOnly = true)
    public List<Team> teamsOf(String subject) {
        return bySubject(subject).map(p -> store.teamsOf(p.id())).orElse(List.of());
    }

    /** The members and managers of these teams. */
    @Transactional(readOnly = true)
    public List<Person> members(Collection<UUID> teamIds) {
        return store.members(teamIds);
    }

    /**
     * The subjects {@code subject} may act for as a manager: the members of the teams they manage and the users who
     * report to them (directly). Empty for someone who manages nobody.
     */
    @Transactional(readOnly = true)
    public Set<String> managed(String subject) {
        Optional<Person> me = bySubject(subject);
        if (me.isEmpty()) {
            return Set.of();
        }
        UUID id = me.get().id();
        List<UUID> managedTeams = store.teamsOf(id).stream()
                .filter(t -> id.equals(t.managerId()))
                .map(Team::id)
                .toList();
        Set<String> subjects = new HashSet<>();
        store.members(managedTeams).forEach(p -> subjects.add(p.subject()));
        store.reports(id).forEach(p -> subjects.add(p.subject()));
        subjects.remove(subject);
        return subjects;
    }

    DirectoryStore store() {
        return store;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
