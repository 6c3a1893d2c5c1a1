package io.atrium.contacts.company;

import io.atrium.contacts.Address;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.OutboxRows;
import io.atrium.platform.jdbc.ExternalIdClaims;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.Sorting;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class CompanyRepository {

    /** Whose company a row is for record access: its owner, or else its creator. */
    static final String OWNER = "coalesce(owner_id, created_by)";

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> EXTERNAL_IDS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ExternalIdClaims externalIds;

    CompanyRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.externalIds = new ExternalIdClaims(jdbc, "company_external_id", "company_id");
    }

    /** The uniqueness table of the companies' ids in other systems. */
    ExternalIdClaims externalIds() {
        return externalIds;
    }

    /** Inserts the company unless a live company has its domain; false means the domain is taken. */
    boolean insert(Company company) {
        return bind(jdbc.sql("""
                                insert into company (id, version, name, domain, industry, size, address, owner_id, tags,
                                    custom_fields, created_by, created_at, updated_by, updated_at, deleted_at,
                                    external_ids)
                                values (:id, :version, :name, :domain, :industry, :size, cast(:address as jsonb), :ownerId,
                                    :tags, cast(:customFields as jsonb), :createdBy, :createdAt, :updatedBy, :updatedAt,
                                    :deletedAt, cast(:externalIds as jsonb))
                                on conflict (domain) where deleted_at is null and domain is not null do nothing
                                """), company).update() == 1;
    }

    void update(Company company) {
        int updated = bind(jdbc.sql("""
                                update company set version = :version, name = :name, domain = :domain,
                                    industry = :industry, size = :size, address = cast(:address as jsonb),
                                    owner_id = :ownerId, tags = :tags, custom_fields = cast(:customFields as jsonb),
                                    updated_by = :updatedBy, updated_at = :updatedAt, deleted_at = :deletedAt,
                                    external_ids = cast(:externalIds as jsonb)
                                where id = :id and version = :version - 1
                                """), company).update();
        if (updated != 1) {
            throw new IllegalStateException("Company " + company.id() + " changed under its row lock");
        }
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Company company) {
        CompanyDetails d = company.details();
        return statement
                .param("id", company.id())
                .param("version", company.version())
                .param("name", d.name())
                .param("domain", d.domain())
                .param("industry", d.industry())
                .param("size", d.size())
                .param("address", d.address() == null ? null : json.writeValueAsString(d.address()))
                .param("ownerId", d.ownerId())
                .param("tags", d.tags().toArray(String[]::new))
                .param("customFields", json.writeValueAsString(d.customFields()))
                .param("createdBy", company.createdBy())
                .param("createdAt", Sql.timestamp(company.createdAt()))
                .param("updatedBy", company.updatedBy())
                .param("updatedAt", Sql.timestamp(company.updatedAt()))
                .param("deletedAt", Sql.timestamp(company.deletedAt()))
                .param("externalIds", json.writeValueAsString(d.externalIds()));
    }

    /** The live companies of {@code ids}, locked for update (in id order: no deadlocks), by id. */
    Map<UUID, Company> findAllLiveForUpdate(java.util.Collection<UUID> ids) {
        Map<UUID, Company> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from company where id = any(:ids) and deleted_at is null order by id for update")
                .param("ids", ids.toArray(UUID[]::new))
                .query(this::map)
                .list()
                .forEach(c -> found.put(c.id(), c));
        return found;
    }

    /**
     * Inserts new companies with their events in one statement (an import's batch). Returns how many were inserted:
     * fewer than given means a live company took one of their domains meanwhile (then nothing may commit: the
     * caller throws).
     */
    int insertAll(List<Company> created, OutboxRows events) {
        if (created.isEmpty()) {
            return 0;
        }
        return events.bind(columns(jdbc.sql("""
                                with inserted as (
                                    insert into company (id, version, name, domain, industry, size, address, owner_id,
                                        tags, custom_fields, created_by, created_at, updated_by, updated_at,
                                        external_ids)
                                    select cast(r.id as uuid), cast(r.version as bigint), r.name, r.domain, r.industry,
                                        r.size, cast(r.address as jsonb), r.owner_id,
                                        array(select jsonb_array_elements_text(cast(r.tags as jsonb))),
                                        cast(r.custom_fields as jsonb), r.created_by,
                                        cast(r.created_at as timestamptz), r.updated_by,
                                        cast(r.updated_at as timestamptz), cast(r.external_ids as jsonb)
                                    from""" + " " + UNNEST_COLUMNS + """
                                    on conflict (domain) where deleted_at is null and domain is not null do nothing
                                    returning id),
                                """ + OutboxRows.CTE + "\n" + """
                                select count(*) from inserted
                                """), created))
                .query(Integer.class)
                .single();
    }

    /** Writes changed companies (each locked, one version newer than its row) and their events, in two statements. */
    void updateAll(List<Company> changed, OutboxRows events) {
        if (changed.isEmpty()) {
            return;
        }
        int updated =
                columns(jdbc.sql("""
                                update company c set version = cast(r.version as bigint), name = r.name,
                                    domain = r.domain, industry = r.industry, size = r.size,
                                    address = cast(r.address as jsonb), owner_id = r.owner_id,
                                    tags = array(select jsonb_array_elements_text(cast(r.tags as jsonb))),
                                    custom_fields = cast(r.custom_fields as jsonb), updated_by = r.updated_by,
                                    updated_at = cast(r.updated_at as timestamptz),
                                    external_ids = cast(r.external_ids as jsonb)
                                from""" + " " + UNNEST_COLUMNS + """
                                where c.id = cast(r.id as uuid) and c.version = cast(r.version as bigint) - 1
                                """), changed).update();
        if (updated != changed.size()) {
            throw new IllegalStateException("Companies changed under their row locks");
        }
        events.bind(jdbc.sql("with " + OutboxRows.CTE + " select count(*) from atrium_outbox_rows"))
                .query(Integer.class)
                .single();
    }

    private static final String UNNEST_COLUMNS = """
            unnest(cast(:ids as text[]), cast(:versions as text[]), cast(:names as text[]), cast(:domains as text[]),
                cast(:industries as text[]), cast(:sizes as text[]), cast(:addresses as text[]),
                cast(:ownerIds as text[]), cast(:tagLists as text[]), cast(:customFieldMaps as text[]),
                cast(:createdBys as text[]), cast(:createdAts as text[]), cast(:updatedBys as text[]),
                cast(:updatedAts as text[]), cast(:externalIdMaps as text[]))
                as r (id, version, name, domain, industry, size, address, owner_id, tags, custom_fields, created_by,
                    created_at, updated_by, updated_at, external_ids)
            """;

    /** Binds {@link #UNNEST_COLUMNS}: one array per column, one element per company, everything as text. */
    private JdbcClient.StatementSpec columns(JdbcClient.StatementSpec statement, List<Company> companies) {
        String[] names = {
            "ids",
            "versions",
            "names",
            "domains",
            "industries",
            "sizes",
            "addresses",
            "ownerIds",
            "tagLists",
            "customFieldMaps",
            "createdBys",
            "createdAts",
            "updatedBys",
            "updatedAts",
            "externalIdMaps"
        };
        int n = companies.size();
        String[][] c = new String[names.length][n];
        for (int i = 0; i < n; i++) {
            Company company = companies.get(i);
            CompanyDetails d = company.details();
            c[0][i] = company.id().toString();
            c[1][i] = Long.toString(company.version());
            c[2][i] = d.name();
            c[3][i] = d.domain();
            c[4][i] = d.industry();
            c[5][i] = d.size();
            c[6][i] = d.address() == null ? null : json.writeValueAsString(d.address());
            c[7][i] = d.ownerId();
            c[8][i] = json.writeValueAsString(d.tags());
            c[9][i] = json.writeValueAsString(d.customFields());
            c[10][i] = company.createdBy();
            c[11][i] = company.createdAt().toString();
            c[12][i] = company.updatedBy();
            c[13][i] = company.updatedAt().toString();
            c[14][i] = json.writeValueAsString(d.externalIds());
        }
        for (int k = 0; k < names.length; k++) {
            statement = statement.param(names[k], c[k]);
        }
        return statement;
    }

    enum Lock {
        NONE(""),
        SHARE(" for share"),
        UPDATE(" for update");

        final String clause;

        Lock(String clause) {
            this.clause = clause;
        }
    }

    Optional<Company> findLive(UUID id, Lock lock) {
        return findLive(id, lock, Scope.ALL);
    }

    /** The live company, if it is in {@code scope}: for the caller, others do not exist. */
    Optional<Company> findLive(UUID id, Lock lock, Scope scope) {
        return scope.bind(jdbc.sql("select * from company where id = :id and deleted_at is null and "
                                + scope.where(OWNER) + lock.clause)
                        .param("id", id))
                .query(this::map)
                .optional();
    }

    /** The live companies of {@code ids} that are in {@code scope}. */
    List<Company> findLive(java.util.Collection<UUID> ids, Scope scope) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return scope.bind(jdbc.sql("select * from company where id = any(:ids) and deleted_at is null and "
                                + scope.where(OWNER))
                        .param("ids", ids.stream().distinct().toArray(UUID[]::new)))
                .query(this::map)
                .list();
    }

    /** The live companies owned by {@code subject} (or created by them and owned by no one), oldest first. */
    List<UUID> idsOwnedBy(String subject) {
        return jdbc.sql("select id from company where deleted_at is null and " + OWNER + " = :subject order by id")
                .param("subject", subject)
                .query(UUID.class)
                .list();
    }

    /** The live companies in {@code scope} with these (normalised) domains, by domain. */
    Map<String, UUID> idsByDomains(java.util.Collection<String> domains, Scope scope) {
        Map<String, UUID> ids = new java.util.HashMap<>();
        if (!domains.isEmpty()) {
            scope.bind(jdbc.sql(
                                    "select domain, id from company where domain = any(:domains) and deleted_at is null and "
                                            + scope.where(OWNER))
                            .param("domains", domains.toArray(String[]::new)))
                    .query((java.sql.ResultSet rs) -> {
                        while (rs.next()) {
                            ids.put(rs.getString(1), rs.getObject(2, UUID.class));
                        }
                        return ids;
                    });
        }
        return ids;
    }

    /**
     * The live company in {@code scope} of each lower-cased name, by that name; a name several of them have is added
     * to {@code ambiguous} instead.
     */
    Map<String, UUID> idsByNames(
            java.util.Collection<String> lowerNames, Scope scope, java.util.Set<String> ambiguous) {
        Map<String, UUID> ids = new java.util.HashMap<>();
        if (!lowerNames.isEmpty()) {
            scope.bind(jdbc.sql("select lower(name), count(*), min(id::text)::uuid from company"
                                    + " where lower(name) = any(:names) and deleted_at is null and "
                                    + scope.where(OWNER) + " group by lower(name)")
                            .param("names", lowerNames.toArray(String[]::new)))
                    .query((java.sql.ResultSet rs) -> {
                        while (rs.next()) {
                            if (rs.getLong(2) == 1) {
                                ids.put(rs.getString(1), rs.getObject(3, UUID.class));
                            } else {
                                ambiguous.add(rs.getString(1));
                            }
                        }
                        return ids;
                    });
        }
        return ids;
    }

    /** The live companies in {@code scope} that hold these ids of {@code source}, by id. */
    Map<String, UUID> idsByExternalIds(String source, java.util.Collection<String> externalIds, Scope scope) {
        Map<String, UUID> ids = new HashMap<>();
        if (!externalIds.isEmpty()) {
            scope.bind(jdbc.sql("select e.external_id, c.id from company_external_id e join company c on c.id ="
                                    + " e.company_id where e.source = :source and e.external_id = any(:ids)"
                                    + " and c.deleted_at is null and " + scope.where(OWNER))
                            .param("source", source)
                            .param("ids", externalIds.toArray(String[]::new)))
                    .query((ResultSet rs) -> {
                        while (rs.next()) {
                            ids.put(rs.getString(1), rs.getObject(2, UUID.class));
                        }
                        return ids;
                    });
        }
        return ids;
    }

    /** Locks the live ones of {@code ids} against deletion (as a reference to each is written); returns them. */
    java.util.Set<UUID> lockLive(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(
                jdbc.sql("select id from company where id = any(:ids) and deleted_at is null order by id for share")
                        .param("ids", ids.toArray(UUID[]::new))
                        .query(UUID.class)
                        .list());
    }

    Optional<UUID> findIdByDomain(String domain) {
        return jdbc.sql("select id from company where domain = :domain and deleted_at is null")
                .param("domain", domain)
                .query(UUID.class)
                .optional();
    }

    long countLiveContacts(UUID companyId) {
        return jdbc.sql("select count(*) from contact where company_id = :id and deleted_at is null")
                .param("id", companyId)
                .query(Long.class)
                .single();
    }

    /** A page of the live companies in {@code scope} that pass {@code filter}. */
    List<Sorting.Keyed<Company>> list(
            CompanyFilter filter,
            Scope scope,
            Sorting sorting,
            String cursor,
            int limit,
            io.atrium.platform.web.CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        String sql = listSql(filter, scope, sorting, cursor, limit, cursors, params);
        jdbc.sql(LIST_SETTINGS).query().listOfRows();
        return jdbc.sql(sql)
                .params(params)
                .query((rs, row) -> new Sorting.Keyed<>(map(rs, row), rs.getString("sort_key")))
                .list();
    }

    /** The SQL of {@link #list}, its parameters put into {@code params}. */
    static String listSql(
            CompanyFilter filter,
            Scope scope,
            Sorting sorting,
            String cursor,
            int limit,
            io.atrium.platform.web.CursorCodec cursors,
            Map<String, Object> params) {
        StringBuilder where = new StringBuilder("deleted_at is null and ").append(scope.where(OWNER));
        if (!scope.all() && !scope.subjects().isEmpty()) {
            params.put(Scope.SUBJECTS, scope.subjects());
        }
        if (filter.q() != null) {
            params.put("q", filter.q());
            params.put("pattern", Sql.containing(filter.q()));
            if (scope.all()) {
                // Each way to match through its own trigram index (name, domain), combined by id: one OR of them
                // scanned every company.
                where.append(" and id = any(array(select id from company where deleted_at is null"
                        + " and (lower(name) like :pattern or :q <% lower(name))"
                        + " union select id from company where deleted_at is null and domain like :pattern))");
            } else {
                // A narrower scope's companies are fewer than the matches of a common word: its index drives.
                where.append(" and (lower(name) like :pattern or domain like :pattern or :q <% lower(name))");
            }
        }
        if (filter.ownerId() != null) {
            params.put("ownerId", filter.ownerId());
            where.append(" and owner_id = :ownerId");
        }
        if (filter.industry() != null) {
            params.put("industry", filter.industry());
            where.append(" and industry = :industry");
        }
        if (filter.tag() != null) {
            params.put("tag", new String[] {filter.tag()});
            where.append(" and tags @> cast(:tag as text[])");
        }
        if (filter.createdFrom() != null) {
            params.put("createdFrom", Sql.timestamp(filter.createdFrom()));
            where.append(" and created_at >= :createdFrom");
        }
        if (filter.createdTo() != null) {
            params.put("createdTo", Sql.timestamp(filter.createdTo()));
            where.append(" and created_at < :createdTo");
        }
        where.append(" and ").append(sorting.after(cursor, cursors, params));
        params.put("limit", limit + 1);
        return "select *, " + sorting.keyColumn() + " from company where " + where + " order by " + sorting.orderBy()
                + " limit :limit";
    }

    /**
     * The settings {@link #list} runs with, for its transaction: a plan for the values at hand (a generic plan does
     * not know the filter is selective and walks a sort index through every company), no JIT.
     */
    static final String LIST_SETTINGS =
            "select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)";

    private Company map(ResultSet rs, int row) throws SQLException {
        String address = rs.getString("address");
        Array tags = rs.getArray("tags");
        return new Company(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                new CompanyDetails(
                        rs.getString("name"),
                        rs.getString("domain"),
                        rs.getString("industry"),
                        rs.getString("size"),
                        address == null ? null : json.readValue(address, Address.class),
                        rs.getString("owner_id"),
                        tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                        json.readValue(rs.getString("custom_fields"), FIELDS),
                        json.readValue(rs.getString("external_ids"), EXTERNAL_IDS)),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                rs.getString("updated_by"),
                Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "deleted_at"));
    }

    record CompanyFilter(
            String q, String ownerId, String industry, String tag, Instant createdFrom, Instant createdTo) {

        CompanyFilter(String q, String ownerId, String industry, String tag) {
            this(q, ownerId, industry, tag, null, null);
        }
    }
}
