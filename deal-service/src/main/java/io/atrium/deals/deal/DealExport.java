package io.atrium.deals.deal;

import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.exports.ExportColumn;
import io.atrium.platform.exports.ExportFilter;
import io.atrium.platform.exports.ExportFilters;
import io.atrium.platform.exports.ExportQuery;
import io.atrium.platform.exports.ExportSource;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.sql.Date;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Deals as an export (issue 18): the list's filters, sorts, SQL and record access, without a page limit. */
@Component
class DealExport implements ExportSource {

    private final RecordAccess access;
    private final CursorCodec cursors;
    private final Clock clock;

    DealExport(RecordAccess access, CursorCodec cursors, Clock clock) {
        this.access = access;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "deals";
    }

    @Override
    public List<ExportColumn> columns() {
        return List.of(
                ExportColumn.text("id", "Id", "id"),
                ExportColumn.text("title", "Title", "title"),
                ExportColumn.text("pipeline", "Pipeline", "pipeline_name"),
                ExportColumn.text("stage", "Stage", "stage_name"),
                ExportColumn.number("probability", "Probability (%)", "probability"),
                ExportColumn.text("status", "Status", "status"),
                ExportColumn.number("amount", "Amount", "amount"),
                ExportColumn.text("currency", "Currency", "currency"),
                ExportColumn.text("closeDate", "Expected close", rs -> {
                    Date date = rs.getDate("expected_close_date");
                    return date == null ? null : date.toLocalDate().toString();
                }),
                ExportColumn.text("ownerId", "Owner", "owner_id"),
                ExportColumn.text("primaryContactId", "Primary contact id", "primary_contact_id"),
                ExportColumn.list("contactIds", "Contact ids", "contact_ids"),
                ExportColumn.text("companyId", "Company id", "company_id"),
                ExportColumn.text("leadSource", "Lead source", "lead_source"),
                ExportColumn.list("tags", "Tags", "tags"),
                ExportColumn.text("rotting", "Rotting", rs -> rs.getBoolean("rotting") ? "yes" : "no"),
                ExportColumn.text("lostReason", "Lost reason", "lost_reason"),
                ExportColumn.instant("closedAt", "Closed", "closed_at"),
                ExportColumn.instant("stageEntered", "In stage since", "stage_entered_at"),
                ExportColumn.instant("created", "Created", "created_at"),
                ExportColumn.instant("updated", "Updated", "updated_at"));
    }

    @Override
    public List<String> defaultColumns() {
        return List.of("title", "pipeline", "stage", "status", "amount", "currency", "closeDate", "ownerId", "created");
    }

    @Override
    public List<ExportFilter> filters() {
        return List.of(
                ExportFilter.text("ownerId", "Owner's subject"),
                ExportFilter.uuid("pipelineId", "In this pipeline"),
                ExportFilter.uuid("stageId", "In this stage"),
                ExportFilter.text("status", "open, won or lost"),
                ExportFilter.decimal("amountMin", "Amount at least (needs currency)"),
                ExportFilter.decimal("amountMax", "Amount at most (needs currency)"),
                ExportFilter.text("currency", "ISO 4217 currency"),
                ExportFilter.date("closeFrom", "Expected to close on or after"),
                ExportFilter.date("closeTo", "Expected to close on or before"),
                ExportFilter.uuid("contactId", "Involves this contact"),
                ExportFilter.uuid("companyId", "With this company"),
                ExportFilter.bool("rotting", "Open and in its stage longer than the stage's rotting period"),
                ExportFilter.text("tag", "Has this tag"),
                ExportFilter.text("q", "Words in the title"),
                ExportFilter.text(
                        "sort", "created, updated, amount, closeDate, title or stageEntered; - for descending"));
    }

    @Override
    public ExportQuery query(ExportFilters filters) {
        String q = filters.text("q");
        var filter = new DealRepository.DealFilter(
                filters.text("ownerId"),
                filters.uuid("pipelineId"),
                filters.uuid("stageId"),
                DealStatus.parameter("status", filters.text("status")),
                filters.decimal("amountMin"),
                filters.decimal("amountMax"),
                filters.text("currency"),
                filters.date("closeFrom"),
                filters.date("closeTo"),
                filters.uuid("contactId"),
                filters.uuid("companyId"),
                filters.bool("rotting"),
                filters.text("tag"),
                q == null ? null : q.toLowerCase(Locale.ROOT));
        if ((filter.amountMin() != null || filter.amountMax() != null) && filter.currency() == null) {
            throw ProblemException.invalidField(
                    "currency", "is required with amountMin or amountMax: amounts compare within one currency");
        }
        Sorting sorting = Sorting.parse(filters.text("sort"), "-created", DealService.SORTS);
        Scope scope = access.read(RecordType.DEAL);
        Map<String, Object> params = new HashMap<>();
        String sql = DealRepository.listSql(
                filter, sorting, null, ExportQuery.UNLIMITED, cursors, Timestamps.now(clock), scope, params);
        return new ExportQuery(sql, ExportQuery.withScope(scope, params));
    }
}
