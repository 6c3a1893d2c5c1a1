package io.atrium.activities.ticket;

import io.atrium.activities.Priority;
import io.atrium.activities.Wire;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.exports.ExportColumn;
import io.atrium.platform.exports.ExportFilter;
import io.atrium.platform.exports.ExportFilters;
import io.atrium.platform.exports.ExportQuery;
import io.atrium.platform.exports.ExportSource;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Support tickets as an export (issue 18): the queue's filters, sorts, SQL and record access (assignee or creator,
 * or the ticket's team), without a page limit.
 */
@Component
class TicketExport implements ExportSource {

    private final RecordAccess access;
    private final CursorCodec cursors;

    TicketExport(RecordAccess access, CursorCodec cursors) {
        this.access = access;
        this.cursors = cursors;
    }

    @Override
    public String kind() {
        return "tickets";
    }

    @Override
    public List<ExportColumn> columns() {
        return List.of(
                ExportColumn.text("id", "Id", "id"),
                ExportColumn.number("number", "Number", "number"),
                ExportColumn.text("subject", "Subject", "subject"),
                ExportColumn.text("description", "Description", "description"),
                ExportColumn.text("status", "Status", "status"),
                ExportColumn.text("priority", "Priority", "priority"),
                ExportColumn.text("channel", "Channel", "channel"),
                ExportColumn.text("requesterContactId", "Requester contact id", "requester_contact_id"),
                ExportColumn.text("companyId", "Company id", "company_id"),
                ExportColumn.text("assignee", "Assignee", "assignee"),
                ExportColumn.text("team", "Team", "team"),
                ExportColumn.instant("firstResponseDue", "First response due", "first_response_due_at"),
                ExportColumn.instant("resolutionDue", "Resolution due", "resolution_due_at"),
                ExportColumn.instant("firstResponded", "First responded", "first_responded_at"),
                ExportColumn.instant("resolved", "Resolved", "resolved_at"),
                ExportColumn.instant("closed", "Closed", "closed_at"),
                ExportColumn.instant("firstResponseBreached", "First response breached", "first_response_breached_at"),
                ExportColumn.instant("resolutionBreached", "Resolution breached", "resolution_breached_at"),
                ExportColumn.text("createdBy", "Created by", "created_by"),
                ExportColumn.instant("created", "Created", "created_at"),
                ExportColumn.instant("updated", "Updated", "updated_at"));
    }

    @Override
    public List<String> defaultColumns() {
        return List.of("number", "subject", "status", "priority", "assignee", "team", "resolutionDue", "created");
    }

    @Override
    public List<ExportFilter> filters() {
        return List.of(
                ExportFilter.text("status", "new, open, pending, resolved or closed"),
                ExportFilter.text("priority", "low, normal, high or urgent"),
                ExportFilter.text("assignee", "Assigned to this subject"),
                ExportFilter.text("team", "Assigned to this team"),
                ExportFilter.uuid("requesterContactId", "Requested by this contact"),
                ExportFilter.uuid("companyId", "For this company"),
                ExportFilter.bool("breached", "An SLA target was breached (true) or none was (false)"),
                ExportFilter.text("sort", "created, updated, resolutionDue or number; - for descending"));
    }

    @Override
    public ExportQuery query(ExportFilters filters) {
        var filter = new TicketRepository.Filter(
                Wire.parameter(TicketStatus.class, "status", filters.text("status")),
                Wire.parameter(Priority.class, "priority", filters.text("priority")),
                filters.text("assignee"),
                filters.text("team"),
                filters.uuid("requesterContactId"),
                filters.uuid("companyId"),
                filters.bool("breached"));
        Sorting sorting = Sorting.parse(filters.text("sort"), "-created", TicketService.SORTS);
        Scope scope = access.read(RecordType.TICKET);
        Map<String, Object> params = new HashMap<>();
        String sql = TicketRepository.listSql(filter, scope, sorting, null, ExportQuery.UNLIMITED, cursors, params);
        return new ExportQuery(sql, ExportQuery.withScope(scope, params));
    }
}
