package io.atrium.launcher;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo directory, provisioned through the gateway's SCIM endpoints with the demo {@code scim} client, exactly as an
 * identity provider would fill it: auth-server's demo users (their userName is the subject of their tokens), the
 * sales reps' manager (the SCIM enterprise extension's {@code manager} of {@code sales}), and three teams. SCIM knows
 * no team manager, so an admin sets it through the admin API, as one would in Atrium. "Sales East" (sales, led by
 * manager) and "Sales West" (sales2, no manager) show the rule that a manager sees their own teams' deals only.
 *
 * <p>Loading converges: what exists is found by a SCIM filter and left alone unless it differs from what is declared
 * here (a user's manager, a team's members or manager), so loading twice changes nothing.
 */
public final class DemoDirectory {

    /** The demo profile's secret of the {@code scim} client (auth-server's application-demo.yml). */
    public static final String SECRET = System.getenv().getOrDefault("ATRIUM_SCIM_CLIENT_SECRET", "scim-secret");

    private static final Logger log = LoggerFactory.getLogger(DemoDirectory.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCIM_JSON = "application/scim+json";
    private static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** A demo user; {@code manager} is the userName of their manager, declared before them, or null. */
    private record Person(String userName, String given, String family, String timeZone, String manager) {}

    /** A demo team; {@code manager} is a userName or null. */
    private record Team(String name, List<String> members, String manager) {}

    private static final List<Person> PEOPLE = List.of(
            new Person("admin", "Avery", "Admin", "Europe/London", null),
            new Person("manager", "Mel", "Manager", "Europe/London", null),
            new Person("sales", "Sam", "Seller", "America/New_York", "manager"),
            new Person("sales2", "Riley", "Rep", "America/Chicago", null),
            new Person("marketing", "Morgan", "Marketer", "Europe/Berlin", null),
            new Person("support", "Casey", "Carer", "Europe/Dublin", null),
            new Person("viewer", "Vic", "Viewer", "Australia/Sydney", null));

    private static final List<Team> TEAMS = List.of(
            new Team("Sales East", List.of("sales", "manager"), "manager"),
            new Team("Sales West", List.of("sales2"), null),
            new Team("Support", List.of("support"), null),
            // notification-service's admins (atrium.notifications.admin-team): who hears of disabled webhooks.
            new Team("Administrators", List.of("admin"), null));

    private DemoDirectory() {}

    /**
     * Provisions the demo users and teams through {@code gateway}: SCIM with {@code scimToken}, team managers with an
     * admin's {@code adminToken}. Returns how many users and teams it created or changed.
     */
    public static int load(String gateway, String scimToken, String adminToken) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        Set<String> touched = new HashSet<>();
        Map<String, String> ids = new LinkedHashMap<>();
        String users = gateway + "/scim/v2/Users";
        for (Person p : PEOPLE) {
            String managerId = p.manager() == null ? null : ids.get(p.manager());
            JsonNode existing = find(http, users, "userName", p.userName(), scimToken);
            if (existing == null) {
                Map<String, Object> user = new LinkedHashMap<>();
                user.put("schemas", managerId == null ? List.of(CORE_USER) : List.of(CORE_USER, ENTERPRISE));
                user.put("userName", p.userName());
                user.put("name", Map.of("givenName", p.given(), "familyName", p.family()));
                user.put("displayName", p.given() + " " + p.family());
                user.put(
                        "emails",
                        List.of(Map.of("value", p.userName() + "@atrium.example", "type", "work", "primary", true)));
                user.put("timezone", p.timeZone());
                user.put("active", true);
                if (managerId != null) {
                    user.put(ENTERPRISE, Map.of("manager", Map.of("value", managerId)));
                }
                ids.put(
                        p.userName(),
                        send(http, "POST", users, user, scimToken, null, 201)
                                .path("id")
                                .asString());
                touched.add("user " + p.userName());
                continue;
            }
            String id = existing.path("id").asString();
            ids.put(p.userName(), id);
            String currentManager =
                    text(existing.path(ENTERPRISE).path("manager").path("value"));
            if (managerId != null && !managerId.equals(currentManager)) {
                send(
                        http,
                        "PATCH",
                        users + "/" + id,
                        Map.of(
                                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                                "Operations",
                                        List.of(Map.of(
                                                "op",
                                                "replace",
                                                "path",
                                                ENTERPRISE + ":manager",
                                                "value",
                                                Map.of("value", managerId)))),
                        scimToken,
                        null,
                        200);
                touched.add("user " + p.userName());
            }
        }
        String groups = gateway + "/scim/v2/Groups";
        for (Team team : TEAMS) {
            List<String> members = team.members().stream().map(ids::get).toList();
            Map<String, Object> group = Map.of(
                    "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                    "displayName", team.name(),
                    "members", members.stream().map(m -> Map.of("value", m)).toList());
            JsonNode existing = find(http, groups, "displayName", team.name(), scimToken);
            String id;
            if (existing == null) {
                id = send(http, "POST", groups, group, scimToken, null, 201)
                        .path("id")
                        .asString();
                touched.add("team " + team.name());
            } else {
                id = existing.path("id").asString();
                Set<String> current = new LinkedHashSet<>();
                existing.path("members")
                        .forEach(m -> current.add(m.path("value").asString()));
                if (!current.equals(new LinkedHashSet<>(members))) {
                    send(http, "PUT", groups + "/" + id, group, scimToken, null, 200);
                    touched.add("team " + team.name());
                }
            }
            if (team.manager() != null && manageTeam(http, gateway, id, ids.get(team.manager()), adminToken)) {
                touched.add("team " + team.name());
            }
        }
        log.info("Demo directory: {} users and teams provisioned through SCIM", touched.size());
        return touched.size();
    }

    /** Makes {@code managerId} the manager of team {@code id} through the admin API; false if it already was. */
    private static boolean manageTeam(HttpClient http, String gateway, String id, String managerId, String adminToken)
            throws Exception {
        String url = gateway + "/api/v1/teams/" + id;
        HttpResponse<String> current = get(http, url, adminToken, "application/json");
        if (Objects.equals(managerId, text(JSON.readTree(current.body()).path("managerId")))) {
            return false;
        }
        String etag = current.headers().firstValue("ETag").orElseThrow();
        send(http, "PATCH", url, Map.of("managerId", managerId), adminToken, etag, 200);
        return true;
    }

    /** The first resource the SCIM filter {@code attribute eq value} finds, or null. */
    private static JsonNode find(HttpClient http, String url, String attribute, String value, String token)
            throws Exception {
        String filter = URLEncoder.encode(attribute + " eq \"" + value + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> response = get(http, url + "?filter=" + filter, token, SCIM_JSON);
        JsonNode resources = JSON.readTree(response.body()).path("Resources");
        return resources.isEmpty() ? null : resources.get(0);
    }

    /** GETs {@code url} and expects a 200. */
    private static HttpResponse<String> get(HttpClient http, String url, String token, String accept) throws Exception {
        HttpResponse<String> response = PoliteHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", accept)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return response;
    }

    /**
     * Sends {@code body} (SCIM JSON, or a JSON merge patch when {@code ifMatch} is given) and expects {@code status}.
     */
    private static JsonNode send(
            HttpClient http, String method, String url, Object body, String token, String ifMatch, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", ifMatch == null ? SCIM_JSON : "application/merge-patch+json")
                .header("Accept", ifMatch == null ? SCIM_JSON : "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = PoliteHttp.send(http, request.build());
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }
}
