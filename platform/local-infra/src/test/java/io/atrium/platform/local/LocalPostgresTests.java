package io.atrium.platform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** JDBC URLs reach logs and messages only without the secrets they may hold. */
class LocalPostgresTests {

    @Test
    void redactsPasswordsInJdbcUrls() {
        assertThat(LocalPostgres.redact(
                        "jdbc:postgresql://db.internal:5432/postgres?user=crm&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db.internal:5432/postgres?user=crm&password=***&ssl=true");
        assertThat(LocalPostgres.redact("jdbc:postgresql://localhost/postgres?sslpassword=k3y;PASSWORD=s3cret"))
                .isEqualTo("jdbc:postgresql://localhost/postgres?sslpassword=***;PASSWORD=***");
        assertThat(LocalPostgres.redact("jdbc:postgresql://crm:s3cret@db.internal/postgres"))
                .isEqualTo("jdbc:postgresql://crm:***@db.internal/postgres");
        assertThat(LocalPostgres.redact("jdbc:postgresql://localhost:5432/postgres"))
                .isEqualTo("jdbc:postgresql://localhost:5432/postgres");
    }

    @Test
    void aServerNeverShowsItsPassword() {
        LocalPostgres.Server server =
                new LocalPostgres.Server("jdbc:postgresql://127.0.0.1:1/postgres?password=s3cret", "crm", "0ther");

        assertThat(server.toString()).doesNotContain("s3cret", "0ther").contains("password=***");
        // Port 1 on loopback refuses at once; the failure names the server without its secrets.
        assertThatThrownBy(() -> server.databaseExists("atrium_contact"))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("s3cret").contains("127.0.0.1:1"));
    }
}
