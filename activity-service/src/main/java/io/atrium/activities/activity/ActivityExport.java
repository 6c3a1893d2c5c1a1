package io.atrium.activities.activity;

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
 * Calls, emails, meetings and notes as an export (issue 18): the list's filters, search, sorts, SQL and record
 * access (by author), without a page limit.
 */
@Component
class ActivityExport implements ExportSource {

    private final RecordAccess access;
    private final CursorCodec cursors;

    ActivityExport(RecordAccess access, CursorCodec cursors) {
        this.access = access;
        this.cursors = cursors;
    }

    @Override
    public String kind() {
        return "activities";
    }

    @Override
    public List<ExportColumn> columns() {
        return List.of(
                ExportColumn.text("id", "Id", "id"),
                ExportColumn.text("type", "Type", "type"),
                ExportColumn.instant("occurred", "Occurred", "occurred_at"),
                ExportColumn.text("subject", "Subject", "subject"),
                ExportColumn.text("body", "Body", "body"),
                ExportColumn.list("contactIds", "Contact ids", "contact_ids"),
                ExportColumn.text("companyId", "Company id", "company_id"),
                ExportColumn.text("dealId", "Deal id", "deal_id"),
                ExportColumn.text("direction", "Direction", "direction"),
                ExportColumn.number("durationSeconds", "Duration (s)", "duration_seconds"),
                ExportColumn.text("outcome", "Outcome", "outcome"),
                ExportColumn.text("emailFrom", "From", "email_from"),
                ExportColumn.list("emailTo", "To", "email_to"),
                ExportColumn.instant("startsAt", "Starts", "starts_at"),
                ExportColumn.instant("endsAt", "Ends", "ends_at"),
                ExportColumn.text("location", "Location", "location"),
                ExportColumn.text("author", "Author", "created_by"),
                ExportColumn.instant("created", "Created", "created_at"));
    }

    @Override
    public List<String> defaultColumns() {
        return List.of("type", "occurred", "subject", "contactIds", "companyId", "dealId", "author");
    }

    @Override
    public List<ExportFilter> filters() {
        return List.of(
                ExportFilter.text("type", "call, email, meeting or note"),
                ExportFilter.uuid("contactId", "Involves this contact"),
                ExportFilter.uuid("companyId", "With this company"),
                ExportFilter.uuid("dealId", "About this deal"),
                ExportFilter.text("author", "Logged by this subject"),
                ExportFilter.instant("from", "Occurred at or after"),
                ExportFilter.instant("to", "Occurred before"),
                ExportFilter.text("q", "Words in the subject and body"),
                ExportFilter.text("sort", "occurred or created; - for descending"));
    }

    @Override
    public ExportQuery query(ExportFilters filters) {
        var filter = new ActivityRepository.Filter(
                Wire.parameter(ActivityType.class, "type", filters.text("type")),
                filters.uuid("contactId"),
                filters.uuid("companyId"),
                filters.uuid("dealId"),
                filters.text("author"),
                filters.instant("from"),
                filters.instant("to"),
                filters.text("q"));
        Sorting sorting = Sorting.parse(filters.text("sort"), "-occurred", ActivityService.SORTS);
        Scope scope = access.read(RecordType.ACTIVITY);
        Map<String, Object> params = new HashMap<>();
        // Every match in sort order: the list's plain plan, the words checked on each row its filters and sort give.
        String sql = ActivityRepository.listSql(
                filter, scope, sorting, null, ExportQuery.UNLIMITED, cursors, ActivityRepository.Search.NONE, params);
        return new ExportQuery(sql, ExportQuery.withScope(scope, params));
    }
}
