package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompanyApiIntegrationTests extends IntegrationTest {

    @Test
    void companiesCanBeReadListedAndSearched() {
        String tag = unique("co");
        // Fixed names (which other tests use too): created past the possible-duplicate warning.
        String globex = api.post(
                        "/api/v1/companies?allowDuplicate=true",
                        ApiClient.json(Map.of(
                                "name", "Globex Corporation", "industry", "Energy", "tags", java.util.List.of(tag))))
                .id();
        api.post(
                "/api/v1/companies?allowDuplicate=true",
                ApiClient.json(Map.of("name", "Initech", "industry", "Software", "tags", java.util.List.of(tag))));

        ApiClient.Response read = api.get("/api/v1/companies/" + globex);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.etag()).isEqualTo("\"1\"");
        assertThat(read.body().path("industry").asString()).isEqualTo("Energy");

        ApiClient.Response byName = api.get("/api/v1/companies?tag=" + tag + "&sort=-name");
        assertThat(byName.body().path("items").valueStream().map(c -> c.path("name")
                        .asString()))
                .containsExactly("Initech", "Globex Corporation");
        ApiClient.Response typo = api.get("/api/v1/companies?tag=" + tag + "&q=globx");
        assertThat(typo.body().path("items").valueStream().map(c -> c.path("id").asString()))
                .containsExactly(globex);
        ApiClient.Response filtered = api.get("/api/v1/companies?tag=" + tag + "&industry=Software&limit=1");
        assertThat(filtered.body().path("items").size()).isEqualTo(1);
        assertThat(filtered.body().path("next").isNull()).isTrue();
    }

    @Test
    void companyLifecycleWithNormalizedUniqueDomain() {
        String domain = unique("acme") + ".example";
        ApiClient.Response created = api.post(
                "/api/v1/companies?allowDuplicate=true",
                ApiClient.json(Map.of(
                        "name", "Acme", "domain", "https://www." + domain.toUpperCase() + "/about", "size", "11-50")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("domain").asString()).isEqualTo(domain);
        String id = created.id();
        assertValidEvent(companyEvents().awaitType(id, "crm.company.created.v1"));

        long companies = rows("company");
        ApiClient.Response duplicate =
                api.post("/api/v1/companies", ApiClient.json(Map.of("name", "Acme again", "domain", domain)));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("existingId").asString()).isEqualTo(id);
        assertThat(rows("company")).isEqualTo(companies);

        ApiClient.Response badDomain = api.post("/api/v1/companies", "{\"name\":\"X\",\"domain\":\"not a domain\"}");
        assertThat(badDomain.status()).isEqualTo(400);
        assertThat(badDomain.body().path("errors").get(0).path("field").asString())
                .isEqualTo("domain");

        ApiClient.Response renamed = api.patch("/api/v1/companies/" + id, "{\"name\":\"Acme Corp\"}", "\"1\"");
        assertThat(renamed.status()).isEqualTo(200);
        KafkaEvents.Received updated = companyEvents().awaitType(id, "crm.company.updated.v1");
        assertValidEvent(updated);
        assertThat(updated.event().path("data").path("changedFields").get(0).asString())
                .isEqualTo("name");

        String contact = api.post("/api/v1/contacts", ApiClient.json(Map.of("firstName", "Emp", "companyId", id)))
                .id();
        ApiClient.Response refused = api.delete("/api/v1/companies/" + id, "\"2\"");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("contactCount").asLong()).isEqualTo(1);

        assertThat(api.delete("/api/v1/contacts/" + contact, "\"1\"").status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/companies/" + id, "\"2\"").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/companies/" + id).status()).isEqualTo(404);
        assertValidEvent(companyEvents().awaitType(id, "crm.company.deleted.v1"));
        assertThat(api.post(
                                "/api/v1/companies?allowDuplicate=true",
                                ApiClient.json(Map.of("name", "Acme reborn", "domain", domain)))
                        .status())
                .isEqualTo(201);
    }
}
