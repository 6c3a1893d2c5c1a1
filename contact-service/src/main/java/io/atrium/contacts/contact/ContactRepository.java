package io.atrium.contacts.contact;

import io.atrium.contacts.Address;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.OutboxRows;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
class ContactRepository {

    /** Whose contact a row is for record access: its owner, or else its creator. */
    static final String OWNER = "coalesce(owner_id, created_by)";

    private static final String COMPANY_SUBJECTS = "companyAccessSubjects";

    /**
     * The settings {@link #search} runs with, for its transaction: the similarity {@code <%} requires; no JIT, which
     * compiles these plans for their (large) estimated cost and spends more time on that than it saves; and no
     * parallel workers, which make the planner prefer scanning all companies to their trigram index.
     */
    static final String SEARCH_SETTINGS = """
            select set_config('pg_trgm.word_similarity_threshold', '0.45', true), set_config('jit', 'off', true),
                set_config('max_parallel_workers_per_gather', '0', true)
            """;

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};
    private static final TypeReference<List<ContactDetails.EmailAddress>> EMAILS = new TypeReference<>() {};
    private static final TypeReference<List<ContactDetails.Phone>> PHONES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ContactRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Inserts a new contact, claims its emails in the uniqueness table and writes its events to the outbox, in one
     * statement: one round trip to the database instead of four (a create's latency is mostly its round trips). A new
     * contact holds no claim yet, so there is nothing to release first. Returns the id of a contact that already owns
     * one of the emails (then nothing may be committed: the caller throws, and the transaction rolls the contact and
     * its events back), or empty when all were claimed.
     */
    Optional<UUID> insertClaimingEmails(Contact contact, OutboxRows events) {
        // Claimed in the same order as claimEmails, so two concurrent claims of overlapping emails cannot deadlock.
        List<String> emails = contact.normalizedEmails().stream().sorted().toList();
        List<String> claimed = events.bind(bind(jdbc.sql("""
                                with inserted as (
                                    insert into contact (id, version, first_name, last_name, emails, phones,
                                        job_title, company_id, owner_id, lifecycle_stage, lead_source, tags, address,
                                        custom_fields, consent_status, consent_at, consent_source, created_by,
                                        created_at, updated_by, updated_at, deleted_at, erased_at, search_text)
                                    values (:id, :version, :firstName, :lastName, cast(:emails as jsonb),
                                        cast(:phones as jsonb), :jobTitle, :companyId, :ownerId, :lifecycleStage,
                                        :leadSource, :tags, cast(:address as jsonb), cast(:customFields as jsonb),
                                        :consentStatus, :consentAt, :consentSource, :createdBy, :createdAt,
                                        :updatedBy, :updatedAt, :deletedAt, :erasedAt, :searchText)
                                    returning id),
                                """ + OutboxRows.CTE + "\n" + """
                                insert into contact_email (email, contact_id)
                                select claim.email, (select id from inserted)
                                from unnest(cast(:claims as text[])) with ordinality as claim (email, n)
                                order by claim.n
                                on conflict do nothing
                                returning email
                                """), contact))
                .param("claims", emails.toArray(String[]::new))
                .query(String.class)
                .list();
        return firstUnclaimed(emails, claimed).flatMap(this::findIdByEmail);
    }

    /** The first of {@code requested} (in order, repeats counted) that {@code claimed} lacks. */
    static Optional<String> firstUnclaimed(List<String> requested, List<String> claimed) {
        if (claimed.size() == requested.size()) {
            return Optional.empty();
        }
        List<String> remaining = new java.util.ArrayList<>(claimed);
        return requested.stream().filter(email -> !remaining.remove(email)).findFirst();
    }

    void update(Contact contact) {
        int updated = bind(jdbc.sql("""
                                update contact set version = :version, first_name = :firstName, last_name = :lastName,
                                    emails = cast(:emails as jsonb), phones = cast(:phones as jsonb),
                                    job_title = :jobTitle, company_id = :companyId, owner_id = :ownerId,
                                    lifecycle_stage = :lifecycleStage, lead_source = :leadSource, tags = :tags,
                                    address = cast(:address as jsonb), custom_fields = cast(:customFields as jsonb),
                                    consent_status = :consentStatus, consent_at = :consentAt,
                                    consent_source = :consentSource, updated_by = :updatedBy, updated_at = :updatedAt,
                                    deleted_at = :deletedAt, erased_at = :erasedAt, search_text = :searchText
                                where id = :id and version = :version - 1
                                """), contact).update();
        if (updated != 1) {
            throw new IllegalStateException("Contact " + contact.id() + " changed under its row lock");
        }
    }

    /**
     * Claims the contact's emails in the uniqueness table. Returns the id of a contact that already owns one of them
     * (then nothing should be committed), or empty when all were claimed.
     */
    Optional<UUID> claimEmails(Contact contact) {
        jdbc.sql("delete from contact_email where contact_id = :id")
                .param("id", contact.id())
                .update();
        if (contact.deletedAt() != null) {
            return Optional.empty();
        }
        // Always in the same order, so two concurrent claims of overlapping emails cannot deadlock.
        for (String email : contact.normalizedEmails().stream().sorted().toList()) {
            int claimed = jdbc.sql(
                            "insert into contact_email (email, contact_id) values (:email, :id) on conflict do nothing")
                    .param("email", email)
                    .param("id", contact.id())
                    .update();
            if (claimed == 0) {
                return findIdByEmail(email);
            }
        }
        return Optional.empty();
    }

    Optional<UUID> findIdByEmail(String normalizedEmail) {
        return jdbc.sql("select contact_id from contact_email where email = :email")
                .param("email", normalizedEmail)
                .query(UUID.class)
                .optional();
    }

    /** Any contact, live, deleted or erased; {@code lock} takes the row lock that orders this contact's writes. */
    Optional<Contact> find(UUID id, boolean lock) {
        return jdbc.sql("select * from contact where id = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** As {@link #find(UUID, boolean)}, but only a contact in {@code scope}: for the caller, others do not exist. */
    Optional<Contact> find(UUID id, boolean lock, Scope scope) {
        return scope.bind(jdbc.sql("select * from contact where id = :id and " + scope.where(OWNER)
                                + (lock ? " for update" : ""))
                        .param("id", id))
                .query(this::map)
                .optional();
    }

    /** The live contacts owned by {@code subject} (or created by them and owned by no one), oldest first. */
    List<UUID> idsOwnedBy(String subject) {
        return jdbc.sql("select id from contact where deleted_at is null and " + OWNER + " = :subject order by id")
                .param("subject", subject)
                .query(UUID.class)
                .list();
    }

    /** A page of the live contacts in {@code scope} that pass {@code filter}. */
    List<Sorting.Keyed<Contact>> list(
            ContactFilter filter, Scope scope, Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        String sql = listSql(filter, scope, sorting, cursor, limit, cursors, params);
        return jdbc.sql(sql)
                .params(params)
                .query((rs, row) -> new Sorting.Keyed<>(map(rs, row), rs.getString("sort_key")))
                .list();
    }

    /** The SQL of {@link #list}, its parameters put into {@code params}. */
    static String listSql(
            ContactFilter filter,
            Scope scope,
            Sorting sorting,
            String cursor,
            int limit,
            CursorCodec cursors,
            Map<String, Object> params) {
        String where = filter.where(params) + " and " + scoped(scope, params);
        where += " and " + sorting.after(cursor, cursors, params);
        params.put("limit", limit + 1);
        return "select *, " + sorting.keyColumn() + " from contact where " + where + " order by " + sorting.orderBy()
                + " limit :limit";
    }

    /**
     * Ranked, typo-tolerant search: {@code q} matches names, emails and phones of the contact (substring or trigram
     * word similarity) or the name of its company. Rank is word similarity plus strict word similarity, so a match
     * of whole words beats one that straddles two; best match first, then id. Only contacts in {@code scope} are
     * found, and only through the names of companies in {@code companyScope}.
     */
    List<Ranked> search(
            ContactFilter filter, Scope scope, Scope companyScope, String q, Ranked.Position after, int limit) {
        Map<String, Object> params = new HashMap<>();
        String sql = searchSql(filter, scope, companyScope, q, after, limit, params);
        jdbc.sql(SEARCH_SETTINGS).query().listOfRows();
        return jdbc.sql(sql)
                .params(params)
                .query((rs, row) -> new Ranked(map(rs, row), rs.getFloat("rank")))
                .list();
    }

    /**
     * The SQL of {@link #search}, its parameters put into {@code params}. Each way to match drives through its own
     * trigram index (or, when the filters or the access scope are more selective, through theirs) and the two are
     * combined by id (a UNION); only those candidates are ranked. One condition OR-ing the contact's text with its
     * company's name could use neither index and scored every row.
     */
    static String searchSql(
            ContactFilter filter,
            Scope scope,
            Scope companyScope,
            String q,
            Ranked.Position after,
            int limit,
            Map<String, Object> params) {
        String where = filter.where(params) + " and " + scoped(scope, params);
        String companyVisible = companyScoped(companyScope, params);
        params.put("q", q);
        params.put("pattern", Sql.containing(q));
        params.put("limit", limit + 1);
        String afterCondition = "true";
        if (after != null) {
            params.put("afterRank", after.rank());
            params.put("afterId", after.id());
            afterCondition = "(rank, id) < (cast(:afterRank as real), :afterId)";
        }
        // With a narrower scope (team, own) the caller's contacts are fewer to check than the trigram matches of a
        // common name among everyone's, and PostgreSQL does not combine the two indexes: the scope's index drives and
        // the text is checked on its rows (an expression the trigram index does not cover keeps it out).
        String text = scope.all() ? "search_text" : "(search_text || '')";
        return """
                with candidate as (
                    select id from contact
                    where %1$s and (%4$s like :pattern or :q <%% %4$s)
                    union
                    select id from contact
                    where %1$s and company_id in (select co.id from company co where co.deleted_at is null and %2$s
                        and (lower(co.name) like :pattern or :q <%% lower(co.name)))
                )
                select * from (
                    select c.*, greatest(
                        word_similarity(:q, c.search_text) + strict_word_similarity(:q, c.search_text),
                        coalesce((select word_similarity(:q, lower(co.name)) + strict_word_similarity(:q, lower(co.name))
                            from company co where co.id = c.company_id and %2$s), 0)
                    )::real as rank
                    from contact c
                    where c.id = any(array(select id from candidate))
                ) ranked
                where %3$s
                order by rank desc, id desc
                limit :limit
                """.formatted(where, companyVisible, afterCondition, text);
    }

    /** The record-access condition of {@code scope} over a contact row, its parameters put into {@code params}. */
    private static String scoped(Scope scope, Map<String, Object> params) {
        if (!scope.all() && !scope.subjects().isEmpty()) {
            params.put(Scope.SUBJECTS, scope.subjects());
        }
        return scope.where(OWNER);
    }

    /** As {@link #scoped}, over the company row {@code co} in the same query (its own parameter). */
    private static String companyScoped(Scope scope, Map<String, Object> params) {
        if (scope.all()) {
            return "true";
        }
        if (scope.subjects().isEmpty()) {
            return "false";
        }
        params.put(COMPANY_SUBJECTS, scope.subjects());
        return "coalesce(co.owner_id, co.created_by) in (:" + COMPANY_SUBJECTS + ")";
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Contact contact) {
        ContactDetails d = contact.details();
        return statement
                .param("id", contact.id())
                .param("version", contact.version())
                .param("firstName", d.firstName())
                .param("lastName", d.lastName())
                .param("emails", json.writeValueAsString(d.emails()))
                .param("phones", json.writeValueAsString(d.phones()))
                .param("jobTitle", d.jobTitle())
                .param("companyId", d.companyId())
                .param("ownerId", d.ownerId())
                .param(
                        "lifecycleStage",
                        d.lifecycleStage() == null ? null : d.lifecycleStage().wire())
                .param("leadSource", d.leadSource())
                .param("tags", d.tags().toArray(String[]::new))
                .param("address", d.address() == null ? null : json.writeValueAsString(d.address()))
                .param("customFields", json.writeValueAsString(d.customFields()))
                .param("consentStatus", d.consent().status().wire())
                .param("consentAt", Sql.timestamp(contact.consentChangedAt()))
                .param("consentSource", d.consent().source())
                .param("createdBy", contact.createdBy())
                .param("createdAt", Sql.timestamp(contact.createdAt()))
                .param("updatedBy", contact.updatedBy())
                .param("updatedAt", Sql.timestamp(contact.updatedAt()))
                .param("deletedAt", Sql.timestamp(contact.deletedAt()))
                .param("erasedAt", Sql.timestamp(contact.erasedAt()))
                .param("searchText", contact.searchText());
    }

    private Contact map(ResultSet rs, int row) throws SQLException {
        String address = rs.getString("address");
        Array tags = rs.getArray("tags");
        String stage = rs.getString("lifecycle_stage");
        return new Contact(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                new ContactDetails(
                        rs.getString("first_name"),
                        rs.getString("last_name"),
                        json.readValue(rs.getString("emails"), EMAILS),
                        json.readValue(rs.getString("phones"), PHONES),
                        rs.getString("job_title"),
                        rs.getObject("company_id", UUID.class),
                        rs.getString("owner_id"),
                        stage == null ? null : LifecycleStage.fromWire(stage),
                        rs.getString("lead_source"),
                        tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                        address == null ? null : json.readValue(address, Address.class),
                        json.readValue(rs.getString("custom_fields"), FIELDS),
                        new ContactDetails.Consent(
                                ContactDetails.ConsentStatus.fromWire(rs.getString("consent_status")),
                                rs.getString("consent_source"))),
                Sql.instant(rs, "consent_at"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                rs.getString("updated_by"),
                Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "deleted_at"),
                Sql.instant(rs, "erased_at"));
    }

    /** A search hit and its relevance. */
    record Ranked(Contact contact, float rank) {

        record Position(float rank, UUID id) {}
    }

    /** The list filters; each is optional and they combine with AND. */
    record ContactFilter(
            String ownerId,
            LifecycleStage lifecycleStage,
            String tag,
            UUID companyId,
            Instant createdFrom,
            Instant createdTo,
            Instant updatedFrom,
            Instant updatedTo) {

        String where(Map<String, Object> params) {
            StringBuilder where = new StringBuilder("deleted_at is null");
            if (ownerId != null) {
                params.put("ownerId", ownerId);
                where.append(" and owner_id = :ownerId");
            }
            if (lifecycleStage != null) {
                params.put("lifecycleStage", lifecycleStage.wire());
                where.append(" and lifecycle_stage = :lifecycleStage");
            }
            if (tag != null) {
                params.put("tag", new String[] {tag});
                where.append(" and tags @> cast(:tag as text[])");
            }
            if (companyId != null) {
                params.put("companyId", companyId);
                where.append(" and company_id = :companyId");
            }
            range(where, params, "created_at", "createdFrom", createdFrom, ">=");
            range(where, params, "created_at", "createdTo", createdTo, "<");
            range(where, params, "updated_at", "updatedFrom", updatedFrom, ">=");
            range(where, params, "updated_at", "updatedTo", updatedTo, "<");
            return where.toString();
        }

        private static void range(
                StringBuilder where, Map<String, Object> params, String column, String name, Instant value, String op) {
            if (value != null) {
                params.put(name, Timestamp.from(value));
                where.append(" and ")
                        .append(column)
                        .append(' ')
                        .append(op)
                        .append(" :")
                        .append(name);
            }
        }
    }
}
