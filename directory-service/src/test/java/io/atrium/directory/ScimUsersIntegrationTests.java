package io.atrium.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** SCIM Users as Okta and Entra ID send them, against real PostgreSQL, Kafka and HTTP. */
class ScimUsersIntegrationTests extends IntegrationTest {

    private static String filter(String filter) {
        return "/scim/v2/Users?filter=" + filter;
    }

    @Test
    void oktaCreatesFindsDeactivatesAndReplacesAUser() {
        String userName = unique("ada.") + "@atrium.example";
        ApiClient.Response none = scimCall(scim, HttpMethod.GET, filter("userName eq \"" + userName + "\""), null);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().path("totalResults").asInt()).isZero();
        assertThat(none.body().path("schemas").get(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");

        // Okta's create: attributes the directory does not keep (password, locale, phoneNumbers) are ignored.
        ApiClient.Response created =
                scimCall(scim, HttpMethod.POST, "/scim/v2/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Ada","familyName":"Lovelace"},"displayName":"Ada Lovelace",
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"locale":"en-US",
                 "password":"not-kept-1!","phoneNumbers":[{"value":"+44 20 0000","type":"work"}],
                 "active":true,"timezone":"Europe/London","externalId":"00u1okta"}
                """.formatted(userName, userName));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/scim+json");
        String id = created.id();
        assertThat(created.headers().getLocation())
                .hasToString(created.body().path("meta").path("location").asString());
        assertThat(created.body().path("meta").path("location").asString()).endsWith("/scim/v2/Users/" + id);
        assertThat(created.body().path("userName").asString()).isEqualTo(userName);
        assertThat(created.body().path("name").path("givenName").asString()).isEqualTo("Ada");
        assertThat(created.body().path("emails").get(0).path("value").asString())
                .isEqualTo(userName);
        assertThat(created.body().path("active").asBoolean()).isTrue();
        assertThat(created.body().has("password")).isFalse();

        // userName compares without case, as RFC 7643 says it does.
        ApiClient.Response found =
                scimCall(scim, HttpMethod.GET, filter("userName eq \"" + userName.toUpperCase() + "\""), null);
        assertThat(found.body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(found.body().path("Resources").get(0).path("id").asString()).isEqualTo(id);
        assertThat(scimCall(scim, HttpMethod.GET, filter("externalId eq \"00u1okta\""), null)
                        .body()
                        .path("Resources")
                        .get(0)
                        .path("id")
                        .asString())
                .isEqualTo(id);
        assertThat(scimCall(scim, HttpMethod.GET, filter("id eq \"" + id + "\""), null)
                        .body()
                        .path("totalResults")
                        .asInt())
                .isEqualTo(1);

        // Okta deactivates with a path-less replace.
        ApiClient.Response deactivated =
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","value":{"active":false}}]}
                """.formatted(PATCH_OP));
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.body().path("active").asBoolean()).isFalse();

        // Okta's PUT replaces the whole user, active again.
        ApiClient.Response replaced =
                scimCall(scim, HttpMethod.PUT, "/scim/v2/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"%s",
                 "name":{"givenName":"Augusta Ada","familyName":"King"},"displayName":"Ada King",
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"active":true,"externalId":"00u1okta"}
                """.formatted(id, userName, userName));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().path("displayName").asString()).isEqualTo("Ada King");
        assertThat(replaced.body().has("timezone")).isFalse();
        assertThat(replaced.etag()).isEqualTo("W/\"4\"");

        ApiClient.Response viaApi = apiAs("read-only").get("/api/v1/users/" + id);
        assertThat(viaApi.body().path("subject").asString()).isEqualTo(userName);
        assertThat(viaApi.body().path("familyName").asString()).isEqualTo("King");
        assertThat(viaApi.body().path("active").asBoolean()).isTrue();

        assertEvents(
                userEvents(),
                id,
                "crm.user.created.v1",
                "crm.user.deactivated.v1",
                "crm.user.updated.v1",
                "crm.user.reactivated.v1");
        assertThat(userEvents().forSubject(id).get(2).event().path("data").path("changedFields"))
                .extracting(n -> n.asString())
                .containsExactly("displayName", "givenName", "familyName", "timeZone");
    }

    @Test
    void entraPatchesWithStringBooleansPathsFiltersAndTheEnterpriseManager() {
        String managerId = provisionUser(unique("boss."));
        String id = provisionUser(unique("grace."));

        ApiClient.Response patched =
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[
                  {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"grace@navy.example"},
                  {"op":"Replace","value":{"displayName":"Grace Hopper","name.givenName":"Grace"}},
                  {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                   "value":"%s"},
                  {"op":"Add","path":"timezone","value":"America/New_York"},
                  {"op":"Replace","path":"active","value":"False"}]}
                """.formatted(PATCH_OP, managerId));
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        assertThat(patched.body().path("emails").get(0).path("value").asString())
                .isEqualTo("grace@navy.example");
        assertThat(patched.body().path("displayName").asString()).isEqualTo("Grace Hopper");
        assertThat(patched.body().path("name").path("givenName").asString()).isEqualTo("Grace");
        assertThat(patched.body().path("active").asBoolean()).isFalse();
        assertThat(patched.body()
                        .path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                        .path("manager")
                        .path("value")
                        .asString())
                .isEqualTo(managerId);

        ApiClient.Response reactivated =
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Replace","path":"active","value":"True"}]}
                """.formatted(PATCH_OP));
        assertThat(reactivated.body().path("active").asBoolean()).isTrue();

        ApiClient.Response removed = scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Remove",
                  "path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}]}
                """.formatted(PATCH_OP));
        assertThat(removed.body().has("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"))
                .isFalse();

        assertEvents(
                userEvents(),
                id,
                "crm.user.created.v1",
                "crm.user.updated.v1",
                "crm.user.deactivated.v1",
                "crm.user.reactivated.v1",
                "crm.user.updated.v1");
    }

    @Test
    void aPatchThatChangesNothingPublishesNothing() {
        String id = provisionUser(unique("same."));
        ApiClient.Response same = scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","path":"active","value":true}]}
                """.formatted(PATCH_OP));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.etag()).isEqualTo("W/\"1\"");
        assertEvents(userEvents(), id, "crm.user.created.v1");
    }

    @Test
    void deleteDeactivatesTheUserKeepsThemAndHidesThemFromScim() {
        String id = provisionUser(unique("leaver."));

        assertThat(scimCall(scim, HttpMethod.DELETE, "/scim/v2/Users/" + id, null)
                        .status())
                .isEqualTo(204);

        ApiClient.Response gone = scimCall(scim, HttpMethod.GET, "/scim/v2/Users/" + id, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().path("status").asString()).isEqualTo("404");
        ApiClient.Response kept = admin.get("/api/v1/users/" + id);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.body().path("active").asBoolean()).isFalse();
        assertThat(kept.body().path("deletedByIdpAt").isNull()).isFalse();
        assertThat(jdbc.sql("select count(*) from directory_user where id = ?::uuid")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        ApiClient.Response back = admin.post("/api/v1/users/" + id + "/reactivate", null);
        assertThat(back.body().path("active").asBoolean()).isTrue();
        assertThat(scimCall(scim, HttpMethod.GET, "/scim/v2/Users/" + id, null).status())
                .isEqualTo(200);
        assertEvents(userEvents(), id, "crm.user.created.v1", "crm.user.deactivated.v1", "crm.user.reactivated.v1");
    }

    @Test
    void pagingUsesStartIndexAndCount() {
        String prefix = unique("page");
        for (int i = 0; i < 3; i++) {
            provisionUser(prefix + i);
        }
        ApiClient.Response all = scimCall(scim, HttpMethod.GET, "/scim/v2/Users?startIndex=1&count=2", null);
        assertThat(all.body().path("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(all.body().path("startIndex").asInt()).isEqualTo(1);
        assertThat(all.body().path("totalResults").asInt()).isGreaterThanOrEqualTo(3);
        ApiClient.Response second = scimCall(scim, HttpMethod.GET, "/scim/v2/Users?startIndex=2&count=2", null);
        assertThat(second.body().path("Resources").get(0).path("id").asString())
                .isEqualTo(all.body().path("Resources").get(1).path("id").asString());
        ApiClient.Response countOnly = scimCall(scim, HttpMethod.GET, "/scim/v2/Users?count=0", null);
        assertThat(countOnly.body().path("Resources")).isEmpty();
        assertThat(countOnly.body().path("totalResults").asInt()).isGreaterThanOrEqualTo(3);
    }
}
