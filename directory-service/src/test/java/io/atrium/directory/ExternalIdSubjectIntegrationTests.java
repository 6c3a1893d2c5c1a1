package io.atrium.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

/** For IdPs whose tokens carry an object id, the token subject is the SCIM externalId and a user must have one. */
@TestPropertySource(properties = "atrium.directory.subject-attribute=external-id")
class ExternalIdSubjectIntegrationTests extends IntegrationTest {

    @Test
    void theSubjectIsTheExternalIdAndFollowsIt() {
        String objectId = unique("oid-");
        ApiClient.Response created =
                scimCall(scim, HttpMethod.POST, "/scim/v2/Users", """
                {"userName":"%s@atrium.example","externalId":"%s"}
                """.formatted(unique("entra."), objectId));
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(admin.get("/api/v1/users/" + id).body().path("subject").asString())
                .isEqualTo(objectId);

        ApiClient.Response moved =
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","path":"externalId","value":"%s-2"}]}
                """.formatted(PATCH_OP, objectId));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/users/" + id).body().path("subject").asString())
                .isEqualTo(objectId + "-2");
        assertEvents(userEvents(), id, "crm.user.created.v1", "crm.user.updated.v1");
        assertThat(userEvents().forSubject(id).get(1).event().path("data").path("changedFields"))
                .extracting(n -> n.asString())
                .containsExactly("subject", "externalId");
    }

    @Test
    void aUserWithoutExternalIdIsRefused() {
        long users = rows("directory_user");
        ApiClient.Response refused =
                scimCall(scim, HttpMethod.POST, "/scim/v2/Users", "{\"userName\":\"" + unique("noid.") + "\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("scimType").asString()).isEqualTo("invalidValue");
        assertThat(refused.body().path("detail").asString()).contains("externalId");
        assertThat(rows("directory_user")).isEqualTo(users);
    }
}
