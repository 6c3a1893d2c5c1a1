package io.atrium.platform.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which records of one type the caller may read, or change: every one ({@link #all()}), none, or those owned by one of
 * {@link #subjects()} or (for records that belong to a team, e.g. tickets) assigned to one of {@link #teams()}. A
 * service puts {@link #where} into its own SQL and {@link #bind}s the parameters, so lists, searches, boards,
 * reports and exports filter in the database, and checks one loaded record with {@link #permits}.
 */
public record Scope(boolean all, Set<String> subjects, Set<UUID> teams) {

    /** Parameter names {@link #where} uses; a query must not use them for anything else. */
    public static final String SUBJECTS = "accessSubjects";

    public static final String TEAMS = "accessTeams";

    public static final Scope ALL = new Scope(true, Set.of(), Set.of());
    public static final Scope NONE = new Scope(false, Set.of(), Set.of());

    public Scope {
        subjects = Set.copyOf(subjects);
        teams = Set.copyOf(teams);
    }

    public boolean none() {
        return !all && subjects.isEmpty() && teams.isEmpty();
    }

    /**
     * An SQL condition over a record's owner: {@code true} for all, {@code false} for none, else
     * {@code ownerColumn in (:accessSubjects)}. {@code ownerColumn} is an SQL expression, e.g.
     * {@code coalesce(d.owner_id, d.created_by)}.
     */
    public String where(String ownerColumn) {
        return where(ownerColumn, null);
    }

    /**
     * As {@link #where(String)}, also admitting records whose {@code teamColumn} (a text expression holding a team id)
     * names one of {@link #teams()}.
     */
    public String where(String ownerColumn, String teamColumn) {
        if (all) {
            return "true";
        }
        List<String> any = new ArrayList<>();
        if (!subjects.isEmpty()) {
            any.add(ownerColumn + " in (:" + SUBJECTS + ")");
        }
        if (teamColumn != null && !teams.isEmpty()) {
            any.add(teamColumn + " in (:" + TEAMS + ")");
        }
        return any.isEmpty() ? "false" : "(" + String.join(" or ", any) + ")";
    }

    /** Binds the parameters {@link #where} refers to (none for all or none). */
    public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        if (!all && !subjects.isEmpty()) {
            statement = statement.param(SUBJECTS, subjects);
        }
        if (!all && !teams.isEmpty()) {
            statement =
                    statement.param(TEAMS, teams.stream().map(UUID::toString).toList());
        }
        return statement;
    }

    /** Whether a record owned by {@code owner} (and assigned to team {@code team}, may be null) is in this scope. */
    public boolean permits(String owner, String team) {
        if (all) {
            return true;
        }
        return (owner != null && subjects.contains(owner))
                || (team != null && teams.stream().anyMatch(t -> t.toString().equals(team)));
    }

    public boolean permits(String owner) {
        return permits(owner, null);
    }
}
