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
