package io.atrium.contacts.contact;

import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.exports.ExportColumn;
import io.atrium.platform.exports.ExportFilter;
import io.atrium.platform.exports.ExportFilters;
import io.atrium.platform.exports.ExportQuery;
import io.atrium.platform.exports.ExportSource;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contacts as an export (issue 18): the list's filters, search and sorts, its SQL and its record access
 * ({@link ContactRepository#listSql}, {@link ContactRepository#searchSql}) without a page limit; the column ids of the
 * contacts list (and its saved views) plus the other fields of a contact.
 */
@Component
class ContactExport implements ExportSource {

    private final RecordAccess access;
    private final CursorCodec cursors;
    private final JsonMapper json;
    private final List<ExportColumn> columns;

    ContactExport(RecordAccess access, CursorCodec cursors, JsonMapper json) {
        this.access = access;
        this.cursors = cursors;
        this.json = json;
        this.columns = List.of(
                ExportColumn.text("id", "Id", "id"),
                ExportColumn.text(
                        "name", "Name", rs -> join(" ", rs.getString("first_name"), rs.getString("last_name"))),
                ExportColumn.text("firstName", "First name", "first_name"),
                ExportColumn.text("lastName", "Last name", "last_name"),
                ExportColumn.text("email", "Email", rs -> primary(rs, "emails", "address")),
                ExportColumn.text("emails", "All emails", rs -> all(rs, "emails", "address")),
                ExportColumn.text("phone", "Phone", rs -> primary(rs, "phones", "number")),
                ExportColumn.text("jobTitle", "Job title", "job_title"),
                ExportColumn.text("companyId", "Company id", "company_id"),
                ExportColumn.text("ownerId", "Owner", "owner_id"),
                ExportColumn.text("stage", "Lifecycle stage", "lifecycle_stage"),
                ExportColumn.text("leadSource", "Lead source", "lead_source"),
                ExportColumn.list("tags", "Tags", "tags"),
                ExportColumn.text("city", "City", rs -> address(rs, "city")),
                ExportColumn.text("country", "Country", rs -> address(rs, "country")),
                ExportColumn.text("consent", "Email consent", "consent_status"),
                ExportColumn.instant("created", "Created", "created_at"),
                ExportColumn.text("createdBy", "Created by", "created_by"),
                ExportColumn.instant("updated", "Updated", "updated_at"));
    }

    @Override
    public String kind() {
        return "contacts";
    }

    @Override
    public List<ExportColumn> columns() {
        return columns;
    }

    @Override
    public List<String> defaultColumns() {
        return List.of("name", "email", "phone", "jobTitle", "stage", "tags", "created", "updated");
    }

    @Override
    public List<ExportFilter> filters() {
        return List.of(
                ExportFilter.text("q", "Search text, as the list's q: the best matches first"),
                ExportFilter.text("ownerId", "Owner's subject"),
                ExportFilter.text("lifecycleStage", "Lifecycle stage"),
                ExportFilter.text("tag", "Has this tag"),
                ExportFilter.uuid("companyId", "Works for this company"),
                ExportFilter.instant("createdFrom", "Created at or after"),
                ExportFilter.instant("createdTo", "Created before"),
                ExportFilter.instant("updatedFrom", "Updated at or after"),
                ExportFilter.instant("updatedTo", "Updated before"),
                ExportFilter.text("sort", "name, created or updated; - for descending"));
    }

    @Override
    public ExportQuery query(ExportFilters filters) {
        var filter = new ContactRepository.ContactFilter(
                filters.text("ownerId"),
                LifecycleStage.parameter("lifecycleStage", filters.text("lifecycleStage")),
                filters.text("tag"),
                filters.uuid("companyId"),
                filters.instant("createdFrom"),
                filters.instant("createdTo"),
                filters.instant("updatedFrom"),
                filters.instant("updatedTo"));
        String q = filters.text("q");
        String sort = filters.text("sort");
        Scope scope = access.read(RecordType.CONTACT);
        Map<String, Object> params = new HashMap<>();
        if (q != null) {
            if (sort != null) {
                throw ProblemException.invalidField(
                        "sort", "search results are ordered by relevance; leave sort out with q");
            }
            String sql = ContactRepository.searchSql(
                    filter,
                    scope,
                    access.read(RecordType.COMPANY),
                    ContactService.searchTerm(q),
                    null,
                    ExportQuery.UNLIMITED,
                    params);
            return new ExportQuery(
                    sql, ExportQuery.withScope(scope, params), List.of(ContactRepository.SEARCH_SETTINGS));
        }
        Sorting sorting = Sorting.parse(sort, "name", ContactService.SORTS);
        String sql = ContactRepository.listSql(filter, scope, sorting, null, ExportQuery.UNLIMITED, cursors, params);
        return new ExportQuery(sql, ExportQuery.withScope(scope, params), List.of(ContactRepository.LIST_SETTINGS));
    }

    private static String join(String separator, String... parts) {
        StringJoiner joined = new StringJoiner(separator);
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                joined.add(part);
            }
        }
        return joined.length() == 0 ? null : joined.toString();
    }

    private String primary(ResultSet rs, String column, String field) throws SQLException {
        JsonNode items = json.readTree(rs.getString(column));
        String first = null;
        for (JsonNode item : items) {
            if (first == null) {
                first = item.path(field).asString(null);
            }
            if (item.path("primary").asBoolean(false)) {
                return item.path(field).asString(null);
            }
        }
        return first;
    }

    private String all(ResultSet rs, String column, String field) throws SQLException {
        StringJoiner joined = new StringJoiner(", ");
        for (JsonNode item : json.readTree(rs.getString(column))) {
            joined.add(item.path(field).asString(""));
        }
        return joined.length() == 0 ? null : joined.toString();
    }

    private String address(ResultSet rs, String field) throws SQLException {
        String address = rs.getString("address");
        return address == null ? null : json.readTree(address).path(field).asString(null);
    }
}
