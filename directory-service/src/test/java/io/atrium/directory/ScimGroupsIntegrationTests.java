package io.atrium.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** SCIM Groups (Atrium's teams) as Okta and Entra ID push them. */
class ScimGroupsIntegrationTests extends IntegrationTest {

    private static java.util.List<String> members(JsonNode group) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        group.path("members").forEach(m -> ids.add(m.path("value").asString()));
        return ids;
    }

    @Test
    void groupLifecycleWithMembersAsIdpsSendIt() {
        String a = provisionUser(unique("a."));
        String b = provisionUser(unique("b."));
        String c = provisionUser(unique("c."));
        String name = unique("Sales East ");

        ApiClient.Response created = scimCall(scim, HttpMethod.POST, "/scim/v2/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s",
                 "externalId":"00g1","members":[{"value":"%s","display":"A"},{"value":"%s"}]}
                """.formatted(name, a, b));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/scim+json");
        String id = created.id();
        assertThat(members(created.body())).containsExactlyInAnyOrder(a, b);

        ApiClient.Response found = scimCall(
                scim,
                HttpMethod.GET,
                "/scim/v2/Groups?filter=" + "displayName eq \"" + name.toUpperCase() + "\"",
                null);
        assertThat(found.body().path("totalResults").asInt()).isEqualTo(1);

        // Okta: add members.
        ApiClient.Response added =
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}
                """.formatted(PATCH_OP, c));
        assertThat(added.status()).isEqualTo(200);
        assertThat(members(added.body())).containsExactlyInAnyOrder(a, b, c);

        // Okta: remove with a value filter in the path.
        ApiClient.Response removed =
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Groups/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}
                """.formatted(PATCH_OP, a));
        assertThat(members(removed.body())).containsExactlyInAnyOrder(b, c);

        // Entra ID: Remove with the members listed as the value, and a rename in the same request.
        ApiClient.Response entra =
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Groups/" + id, """
                {"schemas":["%s"],"Operations":[
                  {"op":"Remove","path":"members","value":[{"value":"%s"}]},
                  {"op":"Replace","path":"displayName","value":"%s renamed"}]}
                """.formatted(PATCH_OP, b, name));
        assertThat(entra.status()).isEqualTo(200);
        assertThat(members(entra.body())).containsExactly(c);
        assertThat(entra.body().path("displayName").asString()).isEqualTo(name + " renamed");

        // PUT replaces name and members.
        ApiClient.Response replaced =
                scimCall(scim, HttpMethod.PUT, "/scim/v2/Groups/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s",
                 "members":[{"value":"%s"},{"value":"%s"}]}
                """.formatted(name, a, b));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(members(replaced.body())).containsExactlyInAnyOrder(a, b);
        assertThat(admin.get("/api/v1/users?team=" + id).body().path("items"))
                .extracting(u -> u.path("id").asString())
                .containsExactlyInAnyOrder(a, b);

        assertThat(scimCall(scim, HttpMethod.DELETE, "/scim/v2/Groups/" + id, null)
                        .status())
                .isEqualTo(204);
        assertThat(scimCall(scim, HttpMethod.GET, "/scim/v2/Groups/" + id, null).status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/users/" + a).status()).isEqualTo(200);

        assertEvents(
                teamEvents(),
                id,
                "crm.team.created.v1",
                "crm.team.members-changed.v1",
                "crm.team.members-changed.v1",
                "crm.team.updated.v1",
                "crm.team.members-changed.v1",
                "crm.team.updated.v1",
                "crm.team.members-changed.v1",
                "crm.team.deleted.v1");
        JsonNode firstChange = teamEvents().forSubject(id).get(1).event().path("data");
        assertThat(firstChange.path("added").get(0).asString()).isEqualTo(c);
        assertThat(firstChange.path("removed")).isEmpty();
    }

    @Test
    void aDeactivatedUserStaysAMember() {
        String a = provisionUser(unique("stay."));
        String id = scimCall(scim, HttpMethod.POST, "/scim/v2/Groups", """
                        {"displayName":"%s","members":[{"value":"%s"}]}
                        """.formatted(unique("Support "), a))
                .id();
        admin.post("/api/v1/users/" + a + "/deactivate", null);

        assertThat(members(scimCall(scim, HttpMethod.GET, "/scim/v2/Groups/" + id, null)
                        .body()))
                .containsExactly(a);
        assertThat(admin.get("/api/v1/users?team=" + id + "&active=false")
                        .body()
                        .path("items"))
                .extracting(u -> u.path("id").asString())
                .containsExactly(a);
    }

    @Test
    void anUnknownMemberIsRefusedAndNothingIsWritten() {
        long teams = rows("team");
        ApiClient.Response refused =
                scimCall(scim, HttpMethod.POST, "/scim/v2/Groups", """
                {"displayName":"%s","members":[{"value":"00000000-0000-0000-0000-000000000001"}]}
                """.formatted(unique("Ghosts ")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("scimType").asString()).isEqualTo("invalidValue");
        assertThat(refused.body().path("field").asString()).isEqualTo("members");
        assertThat(rows("team")).isEqualTo(teams);
    }
}
