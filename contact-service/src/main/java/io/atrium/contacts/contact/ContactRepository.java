package io.atrium.contacts.contact;

import io.atrium.contacts.Address;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.OutboxRows;
import io.atrium.platform.jdbc.ExternalIdClaims;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
     * The settings {@link #search} runs with, for its transaction: the similarity {@code %} requires; no JIT, which
     * compiles these plans for their (large) estimated cost and spends more time on that than it saves; and no
     * parallel workers, which make the planner prefer scanning all companies to their trigram index.
     */
    static final String SEARCH_SETTINGS = """
            select set_config('pg_trgm.similarity_threshold', '0.3', true), set_config('jit', 'off', true),
                set_config('max_parallel_workers_per_gather', '0', true)
            """;

    /**
     * The settings {@link #list} runs with, for its transaction: a plan for the values at hand — a generic plan (what
     * PostgreSQL switches a prepared statement to) does not know that a tag nobody has matches nothing, and walks the
     * sort index through every contact looking for one (15 s at 1M); no JIT.
     */
    static final String LIST_SETTINGS =
            "select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)";

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};
    private static final TypeReference<List<ContactDetails.EmailAddress>> EMAILS = new TypeReference<>() {};
    private static final TypeReference<List<ContactDetails.Phone>> PHONES = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> EXTERNAL_IDS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ExternalIdClaims externalIds;

    ContactRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.externalIds = new ExternalIdClaims(jdbc, "contact_external_id", "contact_id");
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
                                        created_at, updated_by, updated_at, deleted_at, erased_at, search_text,
                                        external_ids)
                                    values (:id, :version, :firstName, :lastName, cast(:emails as jsonb),
                                        cast(:phones as jsonb), :jobTitle, :companyId, :ownerId, :lifecycleStage,
                                        :leadSource, :tags, cast(:address as jsonb), cast(:customFields as jsonb),
                                        :consentStatus, :consentAt, :consentSource, :createdBy, :createdAt,
                                        :updatedBy, :updatedAt, :deletedAt, :erasedAt, :searchText,
                                        cast(:externalIds as jsonb))
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
                                    deleted_at = :deletedAt, erased_at = :erasedAt, search_text = :searchText,
                                    external_ids = cast(:externalIds as jsonb)
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

    /** The contacts that own any of {@code normalizedEmails}, by email: an import's lookup of a batch's keys. */
    Map<String, UUID> idsByEmails(java.util.Collection<String> normalizedEmails) {
        Map<String, UUID> ids = new HashMap<>();
        if (normalizedEmails.isEmpty()) {
            return ids;
        }
        jdbc.sql("select email, contact_id from contact_email where email = any(:emails)")
                .param("emails", normalizedEmails.toArray(String[]::new))
                .query((ResultSet rs) -> {
                    while (rs.next()) {
                        ids.put(rs.getString(1), rs.getObject(2, UUID.class));
                    }
                    return ids;
                });
        return ids;
    }

    /**
     * Claims the contact's ids in other systems in their uniqueness table (a deleted contact releases them). Returns
     * the source and the contact that already holds one of them, or empty when all were claimed.
     */
    Optional<Map.Entry<String, UUID>> claimExternalIds(Contact contact) {
        return externalIds.claim(contact.id(), contact.details().externalIds(), contact.deletedAt() == null);
    }

    /** Claims the external ids of many contacts at once (an import's batch); returns the claims another holds. */
    List<String> claimExternalIdsAll(List<Contact> contacts) {
        Map<UUID, Map<String, String>> claims = new java.util.LinkedHashMap<>();
        contacts.forEach(c -> claims.put(c.id(), c.details().externalIds()));
        return externalIds.claimAll(claims);
    }

    Optional<UUID> idByExternalId(String source, String externalId) {
        return externalIds.find(source, externalId);
    }

    /** The contacts that hold these ids of {@code source}, by id. */
    Map<String, UUID> idsByExternalIds(String source, java.util.Collection<String> ids) {
        return externalIds.find(source, ids);
    }

    /** The contacts of {@code ids}, locked for update, by id. */
    Map<UUID, Contact> findAllForUpdate(java.util.Collection<UUID> ids) {
        Map<UUID, Contact> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from contact where id = any(:ids) order by id for update")
                .param("ids", ids.toArray(UUID[]::new))
                .query(this::map)
                .list()
                .forEach(c -> found.put(c.id(), c));
        return found;
    }

    /**
     * Inserts new contacts, claims their emails and writes their events in one statement (an import's batch: one
     * round trip for a thousand contacts). Returns the emails that another contact already owns (then nothing may
     * commit: the caller throws).
     */
    List<String> insertAll(List<Contact> created, OutboxRows events) {
        if (created.isEmpty()) {
            return List.of();
        }
        EmailClaims claims = EmailClaims.of(created);
        List<String> claimed = events.bind(
                        columns(jdbc.sql("""
                                with inserted as (
                                    insert into contact (id, version, first_name, last_name, emails, phones,
                                        job_title, company_id, owner_id, lifecycle_stage, lead_source, tags, address,
                                        custom_fields, consent_status, consent_at, consent_source, created_by,
                                        created_at, updated_by, updated_at, search_text, external_ids)
                                    select cast(r.id as uuid), cast(r.version as bigint), r.first_name, r.last_name,
                                        cast(r.emails as jsonb), cast(r.phones as jsonb), r.job_title,
                                        cast(r.company_id as uuid), r.owner_id, r.lifecycle_stage, r.lead_source,
                                        array(select jsonb_array_elements_text(cast(r.tags as jsonb))),
                                        cast(r.address as jsonb), cast(r.custom_fields as jsonb), r.consent_status,
                                        cast(r.consent_at as timestamptz), r.consent_source, r.created_by,
                                        cast(r.created_at as timestamptz), r.updated_by,
                                        cast(r.updated_at as timestamptz), r.search_text,
                                        cast(r.external_ids as jsonb)
                                    from""" + " " + UNNEST_COLUMNS + """
                                    returning id),
                                """ + OutboxRows.CTE + "\n" + """
                                insert into contact_email (email, contact_id)
                                select claim.email, cast(claim.contact_id as uuid)
                                from unnest(cast(:claimEmails as text[]), cast(:claimIds as text[]))
                                    as claim (email, contact_id)
                                where exists (select 1 from inserted)
                                order by claim.email
                                on conflict do nothing
                                returning email
                                """), created))
                .param("claimEmails", claims.emails().toArray(String[]::new))
                .param("claimIds", claims.contactIds().toArray(String[]::new))
                .query(String.class)
                .list();
        List<String> missing = new ArrayList<>(claims.emails());
        missing.removeAll(claimed);
        return missing;
    }

    /**
     * Writes changed contacts (each locked, one version newer than its row), re-claims their emails and writes their
     * events, in three statements for the whole batch. Returns the emails another contact already owns.
     */
    List<String> updateAll(List<Contact> changed, OutboxRows events) {
        if (changed.isEmpty()) {
            return List.of();
        }
        int updated =
                columns(jdbc.sql("""
                                update contact c set version = cast(r.version as bigint), first_name = r.first_name,
                                    last_name = r.last_name, emails = cast(r.emails as jsonb),
                                    phones = cast(r.phones as jsonb), job_title = r.job_title,
                                    company_id = cast(r.company_id as uuid), owner_id = r.owner_id,
                                    lifecycle_stage = r.lifecycle_stage, lead_source = r.lead_source,
                                    tags = array(select jsonb_array_elements_text(cast(r.tags as jsonb))),
                                    address = cast(r.address as jsonb), custom_fields = cast(r.custom_fields as jsonb),
                                    consent_status = r.consent_status, consent_at = cast(r.consent_at as timestamptz),
                                    consent_source = r.consent_source, updated_by = r.updated_by,
                                    updated_at = cast(r.updated_at as timestamptz), search_text = r.search_text,
                                    external_ids = cast(r.external_ids as jsonb)
                                from""" + " " + UNNEST_COLUMNS + """
                                where c.id = cast(r.id as uuid) and c.version = cast(r.version as bigint) - 1
                                """), changed).update();
        if (updated != changed.size()) {
            throw new IllegalStateException("Contacts changed under their row locks");
        }
        jdbc.sql("delete from contact_email where contact_id = any(:ids)")
                .param("ids", changed.stream().map(Contact::id).toArray(UUID[]::new))
                .update();
        EmailClaims claims = EmailClaims.of(changed);
        List<String> claimed = events.bind(jdbc.sql("with " + OutboxRows.CTE + "\n" + """
                                insert into contact_email (email, contact_id)
                                select claim.email, cast(claim.contact_id as uuid)
                                from unnest(cast(:claimEmails as text[]), cast(:claimIds as text[]))
                                    as claim (email, contact_id)
                                order by claim.email
                                on conflict do nothing
                                returning email
                                """))
                .param("claimEmails", claims.emails().toArray(String[]::new))
                .param("claimIds", claims.contactIds().toArray(String[]::new))
                .query(String.class)
                .list();
        List<String> missing = new ArrayList<>(claims.emails());
        missing.removeAll(claimed);
        return missing;
    }

    /** The (email, contact) pairs many contacts claim, in two parallel lists for {@code unnest}. */
    private record EmailClaims(List<String> emails, List<String> contactIds) {
        static EmailClaims of(List<Contact> contacts) {
            List<String> emails = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Contact contact : contacts) {
                for (String email : contact.normalizedEmails()) {
                    emails.add(email);
                    ids.add(contact.id().toString());
                }
            }
            return new EmailClaims(emails, ids);
        }
    }

    private static final String UNNEST_COLUMNS = """
            unnest(cast(:ids as text[]), cast(:versions as text[]), cast(:firstNames as text[]),
                cast(:lastNames as text[]), cast(:emailLists as text[]), cast(:phoneLists as text[]),
                cast(:jobTitles as text[]), cast(:companyIds as text[]), cast(:ownerIds as text[]),
                cast(:lifecycleStages as text[]), cast(:leadSources as text[]), cast(:tagLists as text[]),
                cast(:addresses as text[]), cast(:customFieldMaps as text[]), cast(:consentStatuses as text[]),
                cast(:consentAts as text[]), cast(:consentSources as text[]), cast(:createdBys as text[]),
                cast(:createdAts as text[]), cast(:updatedBys as text[]), cast(:updatedAts as text[]),
                cast(:searchTexts as text[]), cast(:externalIdMaps as text[]))
                as r (id, version, first_name, last_name, emails, phones, job_title, company_id, owner_id,
                    lifecycle_stage, lead_source, tags, address, custom_fields, consent_status, consent_at,
                    consent_source, created_by, created_at, updated_by, updated_at, search_text, external_ids)
            """;

    /** Binds {@link #UNNEST_COLUMNS}: one array per column, one element per contact, everything as text. */
    private JdbcClient.StatementSpec columns(JdbcClient.StatementSpec statement, List<Contact> contacts) {
        int n = contacts.size();
        String[][] c = new String[23][n];
        for (int i = 0; i < n; i++) {
            Contact contact = contacts.get(i);
            ContactDetails d = contact.details();
            c[0][i] = contact.id().toString();
            c[1][i] = Long.toString(contact.version());
            c[2][i] = d.firstName();
            c[3][i] = d.lastName();
            c[4][i] = json.writeValueAsString(d.emails());
            c[5][i] = json.writeValueAsString(d.phones());
            c[6][i] = d.jobTitle();
            c[7][i] = d.companyId() == null ? null : d.companyId().toString();
            c[8][i] = d.ownerId();
            c[9][i] = d.lifecycleStage() == null ? null : d.lifecycleStage().wire();
            c[10][i] = d.leadSource();
            c[11][i] = json.writeValueAsString(d.tags());
            c[12][i] = d.address() == null ? null : json.writeValueAsString(d.address());
            c[13][i] = json.writeValueAsString(d.customFields());
            c[14][i] = d.consent().status().wire();
            c[15][i] = text(contact.consentChangedAt());
            c[16][i] = d.consent().source();
            c[17][i] = contact.createdBy();
            c[18][i] = text(contact.createdAt());
            c[19][i] = contact.updatedBy();
            c[20][i] = text(contact.updatedAt());
            c[21][i] = contact.searchText();
            c[22][i] = json.writeValueAsString(d.externalIds());
        }
        String[] names = {
            "ids",
            "versions",
            "firstNames",
            "lastNames",
            "emailLists",
            "phoneLists",
            "jobTitles",
            "companyIds",
            "ownerIds",
            "lifecycleStages",
            "leadSources",
            "tagLists",
            "addresses",
            "customFieldMaps",
            "consentStatuses",
            "consentAts",
            "consentSources",
            "createdBys",
            "createdAts",
            "updatedBys",
            "updatedAts",
            "searchTexts",
            "externalIdMaps"
        };
        for (int k = 0; k < names.length; k++) {
            statement = statement.param(names[k], c[k]);
        }
        return statement;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
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

    /** The live contacts of {@code ids} that are in {@code scope}. */
    List<Contact> findLive(java.util.Collection<UUID> ids, Scope scope) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return scope.bind(jdbc.sql("select * from contact where id = any(:ids) and deleted_at is null and "
                                + scope.where(OWNER))
                        .param("ids", ids.stream().distinct().toArray(UUID[]::new)))
                .query(this::map)
                .list();
    }

    /** Locks the live contacts of company {@code companyId}, in id order. */
    void lockAtCompany(UUID companyId) {
        jdbc.sql("select id from contact where deleted_at is null and company_id = :company order by id for update")
                .param("company", companyId)
                .query(UUID.class)
                .list();
    }

    /** The live contacts of company {@code companyId}, in id order (the order their rows are locked in). */
    List<UUID> idsAtCompany(UUID companyId) {
        return jdbc.sql("select id from contact where deleted_at is null and company_id = :company order by id")
                .param("company", companyId)
                .query(UUID.class)
                .list();
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
        jdbc.sql(LIST_SETTINGS).query().listOfRows();
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
        String where = filter.where(params) + " and " + sorting.after(cursor, cursors, params);
        params.put("limit", limit + 1);
        if (scope.all() || scope.subjects().isEmpty()) {
            where += " and " + scoped(scope, params);
            return "select *, " + sorting.keyColumn() + " from contact where " + where + " order by "
                    + sorting.orderBy() + " limit :limit";
        }
        // A narrower scope (team, own): one page from each subject's own (owner, sort key, id) index, merged. One
        // condition "owner in (...)" walks the sort index of everyone's contacts and skips the others'.
        params.put(SUBJECT_LIST, scope.subjects().stream().sorted().toArray(String[]::new));
        return "select c.* from unnest(cast(:" + SUBJECT_LIST + " as text[])) s(subject) cross join lateral ("
                + "select *, " + sorting.keyColumn() + " from contact where " + where + " and " + OWNER
                + " = s.subject order by " + sorting.orderBy() + " limit :limit) c order by " + sorting.orderBy()
                + " limit :limit";
    }

    private static final String SUBJECT_LIST = "accessSubjectList";

    /**
     * Ranked, typo-tolerant search (see {@link #searchSql} for the rule): {@code q}'s words match the words of the
     * contact's names, job title, emails and its company's name; digits match anywhere in its text (phones). Best
     * match first, then newest (id) first. Only contacts in {@code scope} are found, and only through the names of
     * companies in {@code companyScope}.
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

    /** At most this many dictionary words are considered for one word of {@code q}: the closest ones. */
    static final int WORDS_PER_TERM = 64;

    /**
     * At most this many contacts of a several-word search's rarest word are ranked: those of its closest dictionary
     * words first, and of each word the newest. A search whose every word is common ranks these and no others.
     */
    static final int CANDIDATES = 2_000;

    /** At most this many words of {@code q} are matched (the rest are ignored). */
    static final int MAX_TERMS = 8;

    /** The words of a search: runs of letters, as the database's {@code search_words} cuts them. */
    record Terms(List<String> words, List<String> digits) {

        private static final Pattern LETTERS = Pattern.compile("\\p{IsAlphabetic}+");
        private static final Pattern DIGITS = Pattern.compile("[0-9]+");

        static Terms of(String q) {
            return new Terms(
                    runs(LETTERS, q).stream()
                            .map(w -> w.codePointCount(0, w.length()) > 64
                                    ? w.substring(0, w.offsetByCodePoints(0, 64))
                                    : w)
                            .distinct()
                            .limit(MAX_TERMS)
                            .toList(),
                    runs(DIGITS, q).stream().distinct().limit(MAX_TERMS).toList());
        }

        private static List<String> runs(Pattern pattern, String q) {
            List<String> runs = new ArrayList<>();
            Matcher m = pattern.matcher(q);
            while (m.find()) {
                runs.add(m.group());
            }
            return runs;
        }
    }

    /**
     * The SQL of {@link #search}, its parameters put into {@code params}. The ranking rule (a product decision, in
     * docs/performance.md "Search and filters"): each word of {@code q} scores the best of the contact's words —
     * 2 when equal, 1 + (length of q's word / length of the word) when the word starts with it, else the trigram
     * similarity (at least 0.3); a contact must match every word of {@code q} and its rank is the sum; digits in
     * {@code q} must appear in the contact's text (phones, emails) as they are. Ties: newest id first.
     *
     * <p>The candidates come from {@code contact_search_word}, never from scoring contacts: the dictionary
     * ({@code search_word}) gives the (at most {@value #WORDS_PER_TERM}) closest words of each term, and with one word
     * in {@code q} each of them gives its newest contacts in the index's (word, id) order, a page at most — so a
     * common name costs a page, not every contact who has it. With several words the term with the fewest contacts
     * drives and the others are checked on each candidate's words. A {@code q} with no letters (a phone number) or
     * that {@link #looksLikeAddress looks like part of an email address} is a substring match on the trigram index.
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
        params.put("limit", limit + 1);
        if (after != null) {
            params.put("afterRank", after.rank());
            params.put("afterId", after.id());
        }
        String afterRank = "cast(:afterRank as real)";
        String afterCondition = after == null ? "true" : "(rank, c.id) < (" + afterRank + ", :afterId)";
        Terms terms = Terms.of(q);
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < terms.digits().size(); i++) {
            params.put("digits" + i, Sql.containing(terms.digits().get(i)));
            digits.append(" and c.search_text like :digits").append(i);
        }
        if (terms.words().isEmpty() || looksLikeAddress(q)) {
            String text = digits.isEmpty() || !terms.words().isEmpty()
                    ? " and c.search_text like :pattern"
                    : digits.toString();
            params.put("pattern", Sql.containing(q));
            return """
                    select * from (select c.*, cast(1 as real) as rank from contact c where %s%s) c
                    where %s
                    order by rank desc, id desc
                    limit :limit
                    """.formatted(where, text, afterCondition);
        }
        params.put("terms", terms.words().toArray(String[]::new));
        params.put("termCount", terms.words().size());
        params.put("wordsPerTerm", WORDS_PER_TERM);
        // A word only in the company's name counts if the caller may see the company.
        String companyCheck = "true".equals(companyVisible)
                ? "true"
                : "(not p.via_company or exists (select 1 from contact c2 join company co on co.id = c2.company_id"
                        + " where c2.id = p.contact_id and " + companyVisible + "))";
        String ownerScope = scope.where("p.owner");
        String word = """
                word as (
                    select t.i, m.word, m.score
                    from unnest(cast(:terms as text[])) with ordinality t(term, i)
                    cross join lateral (
                        select s.word, cast(case when s.word = t.term then 2
                            when s.word like t.term || '%%' then 1 + cast(length(t.term) as real) / length(s.word)
                            else similarity(s.word, t.term) end as real) as score
                        from search_word s
                        where s.word = t.term or s.word like t.term || '%%' or s.word %% t.term
                        order by score desc, s.word
                        limit :wordsPerTerm
                    ) m
                )""".formatted();
        if (terms.words().size() == 1 && terms.digits().isEmpty()) {
            boolean filtered = filter.any();
            String join = filtered ? " join contact c on c.id = p.contact_id and " + where : "";
            String paged = after == null ? "true" : "(w.score < " + afterRank + " or p.contact_id < :afterId)";
            String wordPaged = after == null ? "true" : "w.score <= " + afterRank;
            // On a later page a contact's rank is that of its best word, which its page-limited postings may miss.
            String rank = after == null
                    ? "hit.rank"
                    : "(select max(w.score) from contact_search_word p join word w on w.word = p.word"
                            + " where p.contact_id = hit.id and " + companyCheck + ")";
            return """
                    with %1$s,
                    hit as (
                        select h.contact_id as id, max(w.score) as rank
                        from word w cross join lateral (
                            select p.contact_id from contact_search_word p%2$s
                            where p.word = w.word and %3$s and %4$s and %5$s
                            order by p.contact_id desc
                            limit :limit
                        ) h
                        where %6$s
                        group by h.contact_id
                    )
                    select c.*, r.rank from (select hit.id, cast(%7$s as real) as rank from hit) r
                    join contact c on c.id = r.id
                    where c.deleted_at is null and %8$s
                    order by r.rank desc, c.id desc
                    limit :limit
                    """.formatted(
                            word,
                            join,
                            ownerScope,
                            companyCheck,
                            paged,
                            wordPaged,
                            rank,
                            afterCondition.replace("(rank,", "(r.rank,"));
        }
        // Several words: the candidates are the contacts of the term whose dictionary words have the fewest contacts
        // (counted up to 20,000), and each candidate's own words are checked for every term. Intersecting the
        // contacts of all terms read every contact of "gmail" and "com" for a pasted email address. At most
        // CANDIDATES of them, its closest words' first and each word's newest first: when every word is common
        // ("marketing lead" in a million job titles) ranking all of the rarest word's contacts took seconds.
        params.put("candidates", CANDIDATES);
        return """
                with %1$s,
                term_size as (
                    select t.i, (select count(*) from (select 1 from word w join contact_search_word p on p.word = w.word
                        where w.i = t.i limit 20000) x) as n
                    from (select distinct i from word) t
                ),
                candidate as (
                    select c.contact_id from (
                        select p.contact_id, w.score from word w cross join lateral (
                            select p.contact_id from contact_search_word p
                            where p.word = w.word and %2$s and %3$s
                            order by p.contact_id desc
                            limit :candidates
                        ) p
                        where w.i = (select i from term_size order by n, i limit 1)
                        order by w.score desc, p.contact_id desc
                        limit :candidates
                    ) c
                    group by c.contact_id
                ),
                hit as (
                    select d.contact_id as id, s.rank from candidate d cross join lateral (
                        select cast(sum(best) as real) as rank, count(*) as terms from (
                            select w.i, max(w.score) as best
                            from contact_search_word p join word w on w.word = p.word
                            where p.contact_id = d.contact_id and %3$s
                            group by w.i) b
                    ) s
                    where s.terms = :termCount
                )
                select c.*, hit.rank from hit join contact c on c.id = hit.id
                where c.id = any(array(select id from hit)) and %4$s%5$s and %6$s
                order by hit.rank desc, c.id desc
                limit :limit
                """.formatted(
                        word, ownerScope, companyCheck, where, digits, afterCondition.replace("(rank,", "(hit.rank,"));
    }

    private static final Pattern ADDRESS_LIKE =
            Pattern.compile(".*(@|[\\p{IsAlphabetic}0-9]\\.[\\p{IsAlphabetic}0-9]).*");

    /**
     * An email address or a piece of one ({@code ada@}, {@code co12.bench}, {@code ada.lovelace}): one token with an
     * {@code @} or a dot between letters or digits. (Letters next to digits alone are not enough: a misspelt name
     * with a number in it must stay typo-tolerant.) It is matched as a substring of the contact's text on the
     * trigram index, not word by word: its words ("co", "bench", "gmail", "com") are in nearly every contact's
     * email, and scoring the contacts of such words read a million of them (18–26 s at 1M contacts, issue 15).
     */
    static boolean looksLikeAddress(String q) {
        return q.length() >= 3 && q.indexOf(' ') < 0 && ADDRESS_LIKE.matcher(q).matches();
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
                .param("searchText", contact.searchText())
                .param("externalIds", json.writeValueAsString(d.externalIds()));
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
                                rs.getString("consent_source")),
                        json.readValue(rs.getString("external_ids"), EXTERNAL_IDS)),
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

        /** Whether any filter is set. */
        boolean any() {
            return ownerId != null
                    || lifecycleStage != null
                    || tag != null
                    || companyId != null
                    || createdFrom != null
                    || createdTo != null
                    || updatedFrom != null
                    || updatedTo != null;
        }

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
