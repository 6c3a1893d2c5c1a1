package io.atrium.launcher;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo directory, provisioned through the gateway's SCIM endpoints with the demo {@code scim} client, exactly as an
 * identity provider would fill it: auth-server's demo users (their userName is the subject of their tokens) plus a
 * second sales rep, and two teams. Users and teams that already exist (found by a SCIM filter) are left alone, so
 * loading twice changes nothing.
 */
public final class DemoDirectory {

    /** The demo profile's secret of the {@code scim} client (auth-server's application-demo.yml). */
    public static final String SECRET = System.getenv().getOrDefault("ATRIUM_SCIM_CLIENT_SECRET", "scim-secret");

    private static final Logger log = LoggerFactory.getLogger(DemoDirectory.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCIM_JSON = "application/scim+json";

    private record Person(String userName, String given, String family, String timeZone) {}

    private static final List<Person> PEOPLE = List.of(
            new Person("admin", "Avery", "Admin", "Europe/London"),
            new Person("sales", "Sam", "Seller", "America/New_York"),
            new Person("sales2", "Riley", "Rep", "America/Chicago"),
            new Person("marketing", "Morgan", "Marketer", "Europe/Berlin"),
            new Person("support", "Casey", "Carer", "Europe/Dublin"),
            new Person("viewer", "Vic", "Viewer", "Australia/Sydney"));

    private static final Map<String, List<String>> TEAMS = Map.of(
            "Sales East", List.of("sales", "sales2"),
            "Support", List.of("support"));

    private DemoDirectory() {}

    /** Provisions the demo users and teams through {@code gateway}; returns how many were created. */
    public static int load(String gateway, String scimToken) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        int created = 0;
        Map<String, String> ids = new LinkedHashMap<>();
        for (Person p : PEOPLE) {
            String existing = find(http, gateway + "/scim/v2/Users", "userName", p.userName(), scimToken);
            if (existing != null) {
                ids.put(p.userName(), existing);
                continue;
            }
            Map<String, Object> user = Map.of(
                    "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                    "userName", p.userName(),
                    "name", Map.of("givenName", p.given(), "familyName", p.family()),
                    "displayName", p.given() + " " + p.family(),
                    "emails",
                            List.of(Map.of("value", p.userName() + "@atrium.example", "type", "work", "primary", true)),
                    "timezone", p.timeZone(),
                    "active", true);
            ids.put(p.userName(), create(http, gateway + "/scim/v2/Users", user, scimToken));
            created++;
        }
        for (Map.Entry<String, List<String>> team : TEAMS.entrySet()) {
            if (find(http, gateway + "/scim/v2/Groups", "displayName", team.getKey(), scimToken) != null) {
                continue;
            }
            List<Map<String, String>> members = new ArrayList<>();
            team.getValue().forEach(member -> members.add(Map.of("value", ids.get(member))));
            create(
                    http,
                    gateway + "/scim/v2/Groups",
                    Map.of(
                            "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                            "displayName", team.getKey(),
                            "members", members),
                    scimToken);
            created++;
        }
        log.info("Demo directory: {} users and teams provisioned through SCIM", created);
        return created;
    }

    private static String find(HttpClient http, String url, String attribute, String value, String token)
            throws Exception {
        String filter = URLEncoder.encode(attribute + " eq \"" + value + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url + "?filter=" + filter))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", SCIM_JSON)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SCIM search " + url + " answered " + response.statusCode());
        }
        JsonNode resources = JSON.readTree(response.body()).path("Resources");
        return resources.isEmpty() ? null : resources.get(0).path("id").asString();
    }

    private static String create(HttpClient http, String url, Object body, String token) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", SCIM_JSON)
                        .header("Accept", SCIM_JSON)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "SCIM create " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("id").asString();
    }
}
