package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ContactSearchIntegrationTests extends IntegrationTest {

    @Test
    void pagesWalkEveryContactOnceInStableOrder() {
        String tag = unique("walk");
        List<String> names = List.of("Zed", "Amy", "Bob", "Cy", "Dee");
        for (String name : names) {
            api.post("/api/v1/contacts", ApiClient.json(Map.of("lastName", name, "tags", List.of(tag))));
        }
        for (String sort : List.of("name", "-name", "created", "-updated")) {
            List<String> seen = new ArrayList<>();
            String after = null;
            do {
                ApiClient.Response page = api.get("/api/v1/contacts?tag=" + tag + "&limit=2&sort=" + sort
                        + (after == null ? "" : "&after=" + after));
                assertThat(page.status()).isEqualTo(200);
                page.body()
                        .path("items")
                        .forEach(c -> seen.add(c.path("lastName").asString()));
                after = page.body().path("next").isNull()
                                || page.body().path("next").isMissingNode()
                        ? null
                        : page.body().path("next").asString();
            } while (after != null);
            assertThat(seen).as(sort).hasSize(5).doesNotHaveDuplicates();
            if (sort.equals("name")) {
                assertThat(seen).containsExactly("Amy", "Bob", "Cy", "Dee", "Zed");
            }
            if (sort.equals("-name")) {
                assertThat(seen).containsExactly("Zed", "Dee", "Cy", "Bob", "Amy");
            }
        }
    }

    @Test
    void pagesByNameNeverSkipOrRepeatNonAsciiNames() {
        String tag = unique("greek");
        List<String> names = List.of("ΠΑΠΑΔΟΠΟΥΛΟΣ", "ΑΘΑΝΑΣΙΟΥ", "Élodie", "Ängström", "Zoë");
        for (String name : names) {
            api.post("/api/v1/contacts", ApiClient.json(Map.of("lastName", name, "tags", List.of(tag))));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            ApiClient.Response page = api.get(
                    "/api/v1/contacts?tag=" + tag + "&limit=1&sort=name" + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(c -> seen.add(c.path("lastName").asString()));
            after = page.body().path("next").isNull()
                    ? null
                    : page.body().path("next").asString();
        } while (after != null && seen.size() <= names.size());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void searchToleratesTyposAndRanksTheBestMatchFirst() {
        String tag = unique("search");
        String exact = create(Map.of("firstName", "Wilhelmina", "lastName", "Carstairs", "tags", List.of(tag)));
        String similar = create(Map.of("firstName", "Carsten", "lastName", "Stairs", "tags", List.of(tag)));
        String unrelated = create(Map.of("firstName", "Unrelated", "lastName", "Person", "tags", List.of(tag)));

        List<String> typo = ids(api.get("/api/v1/contacts?tag=" + tag + "&q=carstiars"));
        assertThat(typo).first().isEqualTo(exact);
        assertThat(typo).doesNotContain(unrelated);

        List<String> exactFirst = ids(api.get("/api/v1/contacts?tag=" + tag + "&q=Carstairs"));
        assertThat(exactFirst).first().isEqualTo(exact);
        assertThat(exactFirst).doesNotContain(unrelated);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=carsten")))
                .first()
                .isEqualTo(similar);
    }

    /**
     * The ranking rule (docs/performance.md, "Search and filters"): a word equal to q's first, then words that start
     * with it (the closer in length the better), then similar words (typos), the closest first; ties newest first.
     * Pages walk that order without skipping or repeating a contact, also one that matches through several words.
     */
    @Test
    void searchRanksExactThenPrefixThenTyposAndPagesThroughThemOnce() {
        String tag = unique("rank");
        String typo = create(Map.of("firstName", "Ada", "lastName", "Harington", "tags", List.of(tag)));
        String longPrefix = create(Map.of("firstName", "Bo", "lastName", "Harringtonsworth", "tags", List.of(tag)));
        String prefix = create(Map.of("firstName", "Cy", "lastName", "Harringtons", "tags", List.of(tag)));
        String exactOlder = create(Map.of("firstName", "Di", "lastName", "Harrington", "tags", List.of(tag)));
        // Matches through two words (an exact one and a prefix): ranked by its best, listed once.
        String exactNewer = create(Map.of("firstName", "Harringtons", "lastName", "Harrington", "tags", List.of(tag)));
        create(Map.of("firstName", "Ed", "lastName", "Unrelated", "tags", List.of(tag)));

        List<String> expected = List.of(exactNewer, exactOlder, prefix, longPrefix, typo);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=Harrington")))
                .containsExactlyElementsOf(expected);

        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            ApiClient.Response page = api.get(
                    "/api/v1/contacts?tag=" + tag + "&q=harrington&limit=2" + (after == null ? "" : "&after=" + after));
            paged.addAll(ids(page));
            after = page.body().path("next").isNull()
                            || page.body().path("next").isMissingNode()
                    ? null
                    : page.body().path("next").asString();
        } while (after != null && paged.size() <= expected.size());
        assertThat(paged).containsExactlyElementsOf(expected);
    }

    /** Every word of q must match (in any order, each exactly, as a prefix or with a typo); digits as they are. */
    @Test
    void searchWithSeveralWordsMatchesContactsThatHaveThemAll() {
        String tag = unique("words");
        String company = api.post(
                        "/api/v1/companies",
                        ApiClient.json(Map.of("name", "Zanzibar Freight", "domain", tag + ".example")))
                .id();
        String maryAtZanzibar = create(Map.of(
                "firstName",
                "Marygold",
                "lastName",
                "Quenby",
                "companyId",
                company,
                "emails",
                List.of(Map.of("address", "mq4711@" + tag + ".example")),
                "tags",
                List.of(tag)));
        String mary = create(Map.of("firstName", "Marygold", "lastName", "Ostrander", "tags", List.of(tag)));

        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=quenby marygold")))
                .containsExactly(maryAtZanzibar);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=marygold zanzibar")))
                .containsExactly(maryAtZanzibar);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=marigold ostrandr")))
                .containsExactly(mary);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=mary")))
                .containsExactlyInAnyOrder(maryAtZanzibar, mary);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=mq4711"))).containsExactly(maryAtZanzibar);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=mq4712"))).isEmpty();
    }

    @Test
    void searchMatchesEmailPhoneAndCompanyName() {
        String tag = unique("where");
        String company = api.post(
                        "/api/v1/companies",
                        ApiClient.json(Map.of("name", "Quixotic Widgets", "domain", tag + ".example")))
                .id();
        String byEmail = create(Map.of(
                "firstName",
                "Mail",
                "emails",
                List.of(Map.of("address", tag + "@mailer.example")),
                "tags",
                List.of(tag)));
        String byPhone = create(Map.of(
                "firstName", "Phone", "phones", List.of(Map.of("number", "+1 (555) 867-5309")), "tags", List.of(tag)));
        String byCompany = create(Map.of("firstName", "Worker", "companyId", company, "tags", List.of(tag)));

        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=" + tag + "@mailer")))
                .containsExactly(byEmail);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=555-867-5309")))
                .containsExactly(byPhone);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=quixotic"))).containsExactly(byCompany);
        assertThat(ids(api.get("/api/v1/contacts?companyId=" + company))).containsExactly(byCompany);
    }

    @Test
    void filtersCombine() {
        provisionDirectory();
        String tag = unique("filter");
        String lead = create(Map.of(
                "firstName", "L", "lifecycleStage", "lead", "ownerId", AccessMatrix.EAST_REP, "tags", List.of(tag)));
        create(Map.of(
                "firstName",
                "C",
                "lifecycleStage",
                "customer",
                "ownerId",
                AccessMatrix.EAST_REP,
                "tags",
                List.of(tag)));
        create(Map.of(
                "firstName", "O", "lifecycleStage", "lead", "ownerId", AccessMatrix.WEST_REP, "tags", List.of(tag)));

        assertThat(ids(api.get(
                        "/api/v1/contacts?tag=" + tag + "&lifecycleStage=lead&ownerId=" + AccessMatrix.EAST_REP)))
                .containsExactly(lead);
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&createdFrom=2100-01-01T00:00:00Z")))
                .isEmpty();
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&createdFrom=2000-01-01T00:00:00Z")))
                .hasSize(3);
    }

    private String create(Map<String, ?> body) {
        ApiClient.Response response = api.post("/api/v1/contacts", ApiClient.json(body));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.id();
    }

    private static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : response.body().path("items")) {
            ids.add(item.path("id").asString());
        }
        return ids;
    }
}
