package io.atrium.reporting.report;

import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the caller may read, as SQL conditions a view puts into its own query (docs/security.md, "Record access in
 * reporting-service"): one condition per record type over the row's owner (and, for tickets, team), each with its own
 * parameters, so a view over deals and contacts filters both in the database. Resolved once per request, on the
 * caller's thread; the parameters go with the query, not into a page cursor (the scope is the caller's, not the
 * view's).
 */
final class Visible {

    /** A contact, company, task or ticket without an owner (or assignee) is its creator's. */
    static final String CONTACT_OWNER = "coalesce(%1$s.owner_id, %1$s.created_by)";

    static final String COMPANY_OWNER = CONTACT_OWNER;

    static final String TASK_OWNER = "coalesce(%1$s.assignee, %1$s.created_by)";

    static final String TICKET_OWNER = TASK_OWNER;

    private final RecordAccess access;
    private final Map<RecordType, Scope> scopes = new EnumMap<>(RecordType.class);
    private final Map<String, Object> params = new HashMap<>();

    Visible(RecordAccess access) {
        this.access = access;
    }

    /** The deals the caller may read, {@code alias} naming the deal table in the query; likewise the others. */
    String deals(String alias) {
        return where(RecordType.DEAL, alias + ".owner_id", null);
    }

    String contacts(String alias) {
        return where(RecordType.CONTACT, CONTACT_OWNER.formatted(alias), null);
    }

    String companies(String alias) {
        return where(RecordType.COMPANY, COMPANY_OWNER.formatted(alias), null);
    }

    /** Activities belong to whoever logged them. */
    String activities(String alias) {
        return where(RecordType.ACTIVITY, alias + ".author", null);
    }

    String tasks(String alias) {
        return where(RecordType.TASK, TASK_OWNER.formatted(alias), null);
    }

    /** Tickets are also their team's. */
    String tickets(String alias) {
        return where(RecordType.TICKET, TICKET_OWNER.formatted(alias), alias + ".team");
    }

    /** The parameters of every condition handed out so far. */
    Map<String, Object> params() {
        return Map.copyOf(params);
    }

    private String where(RecordType type, String owner, String team) {
        Scope scope = scopes.computeIfAbsent(type, access::read);
        String subjects = type.wire() + "AccessSubjects";
        String teams = type.wire() + "AccessTeams";
        if (!scope.all() && !scope.subjects().isEmpty()) {
            params.put(subjects, scope.subjects().stream().sorted().toList());
        }
        if (!scope.all() && !scope.teams().isEmpty()) {
            params.put(
                    teams, scope.teams().stream().map(UUID::toString).sorted().toList());
        }
        return scope.where(owner, team)
                .replace(":" + Scope.SUBJECTS, ":" + subjects)
                .replace(":" + Scope.TEAMS, ":" + teams);
    }
}
