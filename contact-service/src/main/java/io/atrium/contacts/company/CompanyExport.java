package io.atrium.contacts.company;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Companies as an export (issue 18): the list's filters, sorts, SQL and record access, without a page limit. */
@Component
class CompanyExport implements ExportSource {

    private final RecordAccess access;
    private final CursorCodec cursors;
    private final JsonMapper json;
    private final List<ExportColumn> columns;

    CompanyExport(RecordAccess access, CursorCodec cursors, JsonMapper json) {
        this.access = access;
        this.cursors = cursors;
        this.json = json;
        this.columns = List.of(
                ExportColumn.text("id", "Id", "id"),
                ExportColumn.text("name", "Name", "name"),
                ExportColumn.text("domain", "Domain", "domain"),
                ExportColumn.text("industry", "Industry", "industry"),
                ExportColumn.text("size", "Size", "size"),
                ExportColumn.text("city", "City", rs -> address(rs, "city")),
                ExportColumn.text("country", "Country", rs -> address(rs, "country")),
                ExportColumn.text("ownerId", "Owner", "owner_id"),
                ExportColumn.list("tags", "Tags", "tags"),
                ExportColumn.instant("created", "Created", "created_at"),
                ExportColumn.text("createdBy", "Created by", "created_by"),
                ExportColumn.instant("updated", "Updated", "updated_at"));
    }

    @Override
    public String kind() {
        return "companies";
    }

    @Override
    public List<ExportColumn> columns() {
        return columns;
    }

    @Override
    public List<String> defaultColumns() {
        return List.of("name", "domain", "industry", "size", "city", "tags", "created", "updated");
    }

    @Override
    public List<ExportFilter> filters() {
        return List.of(
                ExportFilter.text("q", "Name or domain contains (or a name word is similar)"),
                ExportFilter.text("ownerId", "Owner's subject"),
                ExportFilter.text("industry", "Industry"),
                ExportFilter.text("tag", "Has this tag"),
                ExportFilter.instant("createdFrom", "Created at or after"),
                ExportFilter.instant("createdTo", "Created before"),
                ExportFilter.text("sort", "name, created or updated; - for descending"));
    }

    @Override
    public ExportQuery query(ExportFilters filters) {
        String q = filters.text("q");
        var filter = new CompanyRepository.CompanyFilter(
                q == null ? null : q.toLowerCase(Locale.ROOT),
                filters.text("ownerId"),
                filters.text("industry"),
                filters.text("tag"),
                filters.instant("createdFrom"),
                filters.instant("createdTo"));
        Sorting sorting = Sorting.parse(filters.text("sort"), "name", CompanyService.SORTS);
        Scope scope = access.read(RecordType.COMPANY);
        Map<String, Object> params = new HashMap<>();
        String sql = CompanyRepository.listSql(filter, scope, sorting, null, ExportQuery.UNLIMITED, cursors, params);
        return new ExportQuery(sql, ExportQuery.withScope(scope, params), List.of(CompanyRepository.LIST_SETTINGS));
    }

    private String address(ResultSet rs, String field) throws SQLException {
        String address = rs.getString("address");
        return address == null ? null : json.readTree(address).path(field).asString(null);
    }
}
