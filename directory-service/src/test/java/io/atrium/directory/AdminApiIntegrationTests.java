package io.atrium.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin API of users and teams: everyone reads, admins write, with ETags, idempotency keys and guarded rules. */
class AdminApiIntegrationTests extends IntegrationTest {

    @Test
    void everyRoleReadsOnlyAdminsWriteAndARefusalWritesNothing() {
        String id = provisionUser(unique("read."));
        for (String role : List.of("sales", "marketing", "support", "read-only")) {
            ApiClient reader = apiAs(role);
            assertThat(reader.get("/api/v1/users/" + id).status()).isEqualTo(200);
            assertThat(reader.get("/api/v1/users").status()).isEqualTo(200);
            assertThat(reader.get("/api/v1/teams").status()).isEqualTo(200);
            ApiClient.Response refused = reader.patch("/api/v1/users/" + id, "{\"displayName\":\"Nope\"}", "\"1\"");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(reader.post("/api/v1/users/" + id + "/deactivate", null).status())
                    .isEqualTo(403);
            assertThat(reader.post("/api/v1/teams", "{\"name\":\"Nope\"}").status())
                    .isEqualTo(403);
        }
        assertThat(apiAs("scim").get("/api/v1/users").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/users/" + id).etag()).isEqualTo("\"1\"");
    }

    @Test
    void probesAndApiDocsNeedNoTokenButTheApiDoes() {
        ApiClient anonymous = new ApiClient(port, null);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        ApiClient.Response docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/scim/v2/Users")).isTrue();
        assertThat(docs.body().path("paths").has("/api/v1/teams/{id}/members")).isTrue();
        ApiClient.Response refused = anonymous.get("/api/v1/users");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void adminPatchNeedsIfMatchAndValidatesFields() {
        String id = provisionUser(unique("edit."));
        assertThat(admin.patch("/api/v1/users/" + id, "{\"displayName\":\"X\"}", null)
                        .status())
                .isEqualTo(428);
        assertThat(admin.patch("/api/v1/users/" + id, "{\"displayName\":\"X\"}", "\"9\"")
                        .status())
                .isEqualTo(412);

        ApiClient.Response badZone = admin.patch("/api/v1/users/" + id, "{\"timeZone\":\"Europe/Atlantis\"}", "\"1\"");
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.contentType()).startsWith("application/problem+json");
        assertThat(badZone.body().path("errors").get(0).path("field").asString())
                .isEqualTo("timeZone");
        ApiClient.Response badEmail = admin.patch("/api/v1/users/" + id, "{\"email\":\"not-an-email\"}", "\"1\"");
        assertThat(badEmail.body().path("errors").get(0).path("field").asString())
                .isEqualTo("email");
        ApiClient.Response unknown = admin.patch("/api/v1/users/" + id, "{\"active\":false}", "\"1\"");
        assertThat(unknown.status()).isEqualTo(400);

        ApiClient.Response ok =
                admin.patch("/api/v1/users/" + id, "{\"displayName\":\"Edited\",\"timeZone\":\"Asia/Tokyo\"}", "\"1\"");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.etag()).isEqualTo("\"2\"");
        assertThat(ok.body().path("updatedBy").asString()).isEqualTo("user-admin");
        assertEvents(userEvents(), id, "crm.user.created.v1", "crm.user.updated.v1");
    }

    @Test
    void aManagerMustBeAnActiveKnownUserAndNoCycle() {
        String top = provisionUser(unique("top."));
        String middle = provisionUser(unique("middle."));
        String bottom = provisionUser(unique("bottom."));
        assertThat(admin.patch("/api/v1/users/" + middle, "{\"managerId\":\"" + top + "\"}", "*")
                        .status())
                .isEqualTo(200);
        assertThat(admin.patch("/api/v1/users/" + bottom, "{\"managerId\":\"" + middle + "\"}", "*")
                        .status())
                .isEqualTo(200);

        ApiClient.Response cycle = admin.patch("/api/v1/users/" + top, "{\"managerId\":\"" + bottom + "\"}", "*");
        assertThat(cycle.status()).isEqualTo(422);
        assertThat(cycle.body().path("type").asString()).isEqualTo("urn:atrium:problem:manager-cycle");
        assertThat(cycle.body().path("field").asString()).isEqualTo("managerId");
        ApiClient.Response self = admin.patch("/api/v1/users/" + top, "{\"managerId\":\"" + top + "\"}", "*");
        assertThat(self.body().path("type").asString()).isEqualTo("urn:atrium:problem:manager-cycle");
        ApiClient.Response unknown =
                admin.patch("/api/v1/users/" + top, "{\"managerId\":\"00000000-0000-0000-0000-000000000002\"}", "*");
        assertThat(unknown.body().path("type").asString()).isEqualTo("urn:atrium:problem:unknown-manager");

        admin.post("/api/v1/users/" + top + "/deactivate", null);
        ApiClient.Response inactive = admin.patch("/api/v1/users/" + bottom, "{\"managerId\":\"" + top + "\"}", "*");
        assertThat(inactive.status()).isEqualTo(422);
        assertThat(inactive.body().path("type").asString()).isEqualTo("urn:atrium:problem:inactive-manager");
        ApiClient.Response team =
                admin.post("/api/v1/teams", "{\"name\":\"" + unique("Led ") + "\",\"managerId\":\"" + top + "\"}");
        assertThat(team.status()).isEqualTo(422);
        // A user whose manager was deactivated keeps that manager (and is still listed under them).
        assertThat(admin.get("/api/v1/users/" + middle).body().path("managerId").asString())
                .isEqualTo(top);
    }

    @Test
    void deactivateAndReactivateAreIdempotentAndPublishOnce() {
        String id = provisionUser(unique("toggle."));
        assertThat(admin.post("/api/v1/users/" + id + "/deactivate", null)
                        .body()
                        .path("active")
                        .asBoolean())
                .isFalse();
        assertThat(admin.post("/api/v1/users/" + id + "/deactivate", null).etag())
                .isEqualTo("\"2\"");
        ApiClient.Response stale = admin.exchange(
                org.springframework.http.HttpMethod.POST,
                "/api/v1/users/" + id + "/reactivate",
                null,
                null,
                h -> h.setIfMatch("\"1\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(admin.post("/api/v1/users/" + id + "/reactivate", null).etag())
                .isEqualTo("\"3\"");
        assertEvents(userEvents(), id, "crm.user.created.v1", "crm.user.deactivated.v1", "crm.user.reactivated.v1");
    }

    @Test
    void teamsWithIdempotencyKeysMembersAndETags() {
        String manager = provisionUser(unique("lead."));
        String member = provisionUser(unique("rep."));
        String key = unique("team-key-");
        String body = "{\"name\":\"" + unique("Support ") + "\",\"managerId\":\"" + manager + "\",\"memberIds\":[\""
                + member + "\"]}";

        ApiClient.Response first = admin.post("/api/v1/teams", body, h -> h.set("Idempotency-Key", key));
        ApiClient.Response retry = admin.post("/api/v1/teams", body, h -> h.set("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(retry.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        String id = first.id();

        ApiClient.Response added = admin.post("/api/v1/teams/" + id + "/members", "{\"userId\":\"" + manager + "\"}");
        assertThat(added.body().path("memberIds")).hasSize(2);
        ApiClient.Response removed = admin.delete("/api/v1/teams/" + id + "/members/" + member, null);
        assertThat(removed.body().path("memberIds"))
                .extracting(n -> n.asString())
                .containsExactly(manager);
        assertThat(admin.get("/api/v1/teams?member=" + manager).body().path("items"))
                .extracting(t -> t.path("id").asString())
                .containsExactly(id);

        assertThat(admin.patch("/api/v1/teams/" + id, "{\"name\":\"Renamed " + id + "\"}", "\"1\"")
                        .status())
                .isEqualTo(412);
        assertThat(admin.patch("/api/v1/teams/" + id, "{\"name\":\"Renamed " + id + "\"}", "\"3\"")
                        .status())
                .isEqualTo(200);
        assertThat(admin.delete("/api/v1/teams/" + id, null).status()).isEqualTo(428);
        assertThat(admin.delete("/api/v1/teams/" + id, "\"4\"").status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/teams/" + id).status()).isEqualTo(404);
        assertEvents(
                teamEvents(),
                id,
                "crm.team.created.v1",
                "crm.team.members-changed.v1",
                "crm.team.members-changed.v1",
                "crm.team.updated.v1",
                "crm.team.deleted.v1");
    }

    @Test
    void usersListFiltersAndPagesWithCursors() {
        String prefix = unique("cursor");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(provisionUser(prefix + "-" + i));
        }
        admin.post("/api/v1/users/" + ids.get(4) + "/deactivate", null);

        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            ApiClient.Response page = admin.get(
                    "/api/v1/users?q=" + prefix + "&active=true&limit=2" + (next == null ? "" : "&after=" + next));
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(u -> seen.add(u.path("id").asString()));
            next = page.body().path("next").isNull() || page.body().path("next").isMissingNode()
                    ? null
                    : page.body().path("next").asString();
        } while (next != null);
        assertThat(seen).containsExactlyElementsOf(ids.subList(0, 4));
        assertThat(admin.get("/api/v1/users?after=forged").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/users?active=maybe").status()).isEqualTo(400);
    }
}
