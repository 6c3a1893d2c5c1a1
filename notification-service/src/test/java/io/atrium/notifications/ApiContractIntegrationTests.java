package io.atrium.notifications;

import io.atrium.platform.test.ApiContract;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document clients are generated from: written to target/openapi/notification-service.json for bin/lint-api, and
 * complete (ids, summaries, tags, every error with its problem schema).
 */
class ApiContractIntegrationTests extends IntegrationTest {

    @Test
    void theOpenApiDocumentIsCompleteAndIsWrittenForTheLinter() {
        ApiContract.write(admin(), "notification-service");
    }
}
