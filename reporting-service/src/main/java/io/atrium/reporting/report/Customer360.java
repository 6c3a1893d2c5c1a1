package io.atrium.reporting.report;

import io.atrium.platform.web.ProblemException;
import io.atrium.reporting.projection.Generations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything about one customer in one call, from the read models only, as far as the caller may read it: a contact
 * they may not read is not found, and each section holds only the records of its type they may read (the counts and
 * sums too).
 */
@Service
class Customer360 {

    /** How many open deals and open tickets the view embeds at most; the counts say how many there are. */
    static final int EMBEDDED = 50;

    /**
     * The contact, their company, open deals, won revenue, latest activities, open tickets and next tasks. Every list
     * is bounded: open deals and open tickets show the first {@value #EMBEDDED} with {@code openDealCount} and
     * {@code openTicketCount} giving the whole number (the complete lists are deal-service's
     * {@code GET /api/v1/deals?contactId=&status=open} and activity-service's
     * {@code GET /api/v1/tickets?requesterContactId=}, both paged); activities and tasks show the latest and next 10.
     */
    public record View(
            Map<String, Object> contact,
            Map<String, Object> company,
            List<Map<String, Object>> openDeals,
            long openDealCount,
            List<Map<String, Object>> wonRevenue,
            List<Map<String, Object>> latestActivities,
            List<Map<String, Object>> openTickets,
            long openTicketCount,
            List<Map<String, Object>> nextTasks) {}

    private final Sql sql;
    private final Generations generations;

    Customer360(Sql sql, Generations generations) {
        this.sql = sql;
        this.generations = generations;
    }

    @Transactional(readOnly = true)
    public View of(UUID contactId, Visible visible) {
        String schema = generations.current().schema();
        String contactVisible = visible.contacts("c");
        String companyVisible = visible.companies("co");
        String deals = "(d.primary_contact_id = :id or d.contact_ids @> array[cast(:id as uuid)]) and not d.deleted"
                + " and " + visible.deals("d");
        String tickets =
                "t.requester_contact_id = :id and t.status not in ('resolved', 'closed') and " + visible.tickets("t");
        String activities = visible.activities("a");
        String tasks = visible.tasks("t");
        Map<String, Object> p = new HashMap<>(visible.params());
        p.put("id", contactId);
        List<Map<String, Object>> contact =
                sql.table(schema, """
                        select c.id, c.name, c.lifecycle_stage, c.lead_source, c.owner_id as owner, c.company_id,
                            c.created_at, c.status
                        from S.contact c where c.id = :id and %s
                        """.formatted(contactVisible), p, Set.of()).items();
        if (contact.isEmpty() || "deleted".equals(contact.getFirst().get("status"))) {
            throw ProblemException.notFound("contact", contactId);
        }
        if ("erased".equals(contact.getFirst().get("status"))) {
            throw new ProblemException(
                    HttpStatus.GONE, "erased", "Gone", "Contact " + contactId + " was erased", Map.of());
        }
        List<Map<String, Object>> company = sql.table(
                        schema,
                        "select co.id, co.name from S.company co join S.contact c on c.company_id = co.id"
                                + " where c.id = :id and co.status = 'live' and " + companyVisible,
                        p,
                        Set.of())
                .items();
        return new View(
                contact.getFirst(),
                company.isEmpty() ? null : company.getFirst(),
                sql.table(schema, """
                                select d.id, d.title, p.name as pipeline, s.name as stage, d.currency, d.amount,
                                    d.expected_close_date, d.owner_id as owner
                                from S.deal d join S.stage s on s.id = d.stage_id join S.pipeline p on p.id = d.pipeline_id
                                where d.status = 'open' and %s
                                order by d.expected_close_date nulls last, d.id limit %d
                                """.formatted(deals, EMBEDDED), p, Set.of("amount"))
                        .items(),
                sql.count(
                        schema,
                        "select count(*) from S.deal d join S.stage s on s.id = d.stage_id"
                                + " join S.pipeline p on p.id = d.pipeline_id where d.status = 'open' and " + deals,
                        p),
                sql.table(
                                schema,
                                "select d.currency, count(*) as deals, sum(d.amount) as amount from S.deal d"
                                        + " where d.status = 'won' and d.currency is not null and " + deals
                                        + " group by d.currency order by d.currency",
                                p,
                                Set.of("amount"))
                        .items(),
                sql.table(schema, """
                                select a.id, a.type, a.subject, a.occurred_at, a.author
                                from S.activity a
                                where not a.deleted and a.contact_ids @> array[cast(:id as uuid)] and %s
                                order by a.occurred_at desc, a.id desc limit 10
                                """.formatted(activities), p, Set.of()).items(),
                sql.table(schema, """
                                select t.id, t.number, t.subject, t.status, t.priority, t.assignee, t.created_at
                                from S.ticket t
                                where %s
                                order by t.created_at desc, t.id desc limit %d
                                """.formatted(tickets, EMBEDDED), p, Set.of()).items(),
                sql.count(schema, "select count(*) from S.ticket t where " + tickets, p),
                sql.table(schema, """
                                select t.id, t.title, t.due_at, t.assignee
                                from S.task t
                                where t.status = 'open' and t.contact_ids @> array[cast(:id as uuid)] and %s
                                order by t.due_at nulls last, t.id limit 10
                                """.formatted(tasks), p, Set.of()).items());
    }
}
