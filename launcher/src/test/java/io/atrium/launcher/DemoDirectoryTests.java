package io.atrium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo directory against a double of the gateway's SCIM and team endpoints (directory-service's own tests prove
 * those): a first load creates everyone with the sales manager and team managers, a second changes nothing, and a
 * directory loaded before manager existed converges.
 */
class DemoDirectoryTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final Pattern EQ = Pattern.compile("^\\w+ eq \"(.*)\"$");

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, String> teamManagers = new LinkedHashMap<>();
    private final Map<String, Integer> teamVersions = new LinkedHashMap<>();
    private final List<String> writes = new ArrayList<>();
    private HttpServer server;
    private String gateway;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        gateway = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aFirstLoadProvisionsEveryoneAndTheManagersAndASecondChangesNothing() throws Exception {
        assertThat(DemoDirectory.load(gateway, "scim-token", "admin-token")).isEqualTo(11);

        assertThat(users.values())
                .extracting(u -> u.path("userName").asString())
                .containsExactly("admin", "manager", "sales", "sales2", "marketing", "support", "viewer");
        String manager = idOf("manager");
        assertThat(managerOf("sales")).isEqualTo(manager);
        assertThat(managerOf("sales2")).isNull();
        assertThat(members("Sales East")).containsExactlyInAnyOrder(idOf("sales"), manager);
        assertThat(teamManagers.get(groupId("Sales East"))).isEqualTo(manager);
        assertThat(members("Sales West")).containsExactly(idOf("sales2"));
        assertThat(teamManagers.get(groupId("Sales West"))).isNull();
        assertThat(members("Support")).containsExactly(idOf("support"));
        assertThat(members("Administrators")).containsExactly(idOf("admin"));

        writes.clear();
        assertThat(DemoDirectory.load(gateway, "scim-token", "admin-token")).isZero();
        assertThat(writes).isEmpty();
    }

    @Test
    void aDirectoryLoadedBeforeTheManagerExistedConverges() throws Exception {
        for (String name : List.of("admin", "sales", "sales2", "marketing", "support", "viewer")) {
            user(name);
        }
        group("Sales East", idOf("sales"), idOf("sales2"));
        group("Support", idOf("support"));

        // manager created, sales given a manager, Sales East's members and manager, Sales West and Administrators
        // created
        assertThat(DemoDirectory.load(gateway, "scim-token", "admin-token")).isEqualTo(5);
        assertThat(writes)
                .containsExactly(
                        "POST /scim/v2/Users",
                        "PATCH /scim/v2/Users/" + idOf("sales"),
                        "PUT /scim/v2/Groups/" + groupId("Sales East"),
                        "PATCH /api/v1/teams/" + groupId("Sales East"),
                        "POST /scim/v2/Groups",
                        "POST /scim/v2/Groups");
        assertThat(managerOf("sales")).isEqualTo(idOf("manager"));
        assertThat(members("Sales East")).containsExactlyInAnyOrder(idOf("sales"), idOf("manager"));
        assertThat(teamManagers.get(groupId("Sales East"))).isEqualTo(idOf("manager"));

        writes.clear();
        assertThat(DemoDirectory.load(gateway, "scim-token", "admin-token")).isZero();
        assertThat(writes).isEmpty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            boolean admin = path.startsWith("/api/v1/teams/");
            if (!("Bearer " + (admin ? "admin-token" : "scim-token")).equals(token)) {
                respond(exchange, 403, null, null);
                return;
            }
            JsonNode body = method.equals("GET") ? null : JSON.readTree(exchange.getRequestBody());
            if (!method.equals("GET")) {
                writes.add(method + " " + path);
            }
            String[] parts = path.split("/");
            String id = parts.length > 4 ? parts[4] : null;
            switch (method + " " + (admin ? "teams" : parts[3]) + (id == null || admin ? "" : "/id")) {
                case "GET Users" -> respond(exchange, 200, search(users, "userName", query), null);
                case "GET Groups" -> respond(exchange, 200, search(groups, "displayName", query), null);
                case "POST Users" -> respond(exchange, 201, store(users, (ObjectNode) body), null);
                case "POST Groups" -> {
                    ObjectNode group = store(groups, (ObjectNode) body);
                    teamVersions.put(group.path("id").asString(), 1);
                    respond(exchange, 201, group, null);
                }
                case "PATCH Users/id" -> {
                    JsonNode operation = body.path("Operations").get(0);
                    assertThat(operation.path("path").asString()).isEqualTo(ENTERPRISE + ":manager");
                    users.get(id).putObject(ENTERPRISE).set("manager", operation.path("value"));
                    respond(exchange, 200, users.get(id), null);
                }
                case "PUT Groups/id" -> {
                    groups.get(id).set("members", body.path("members"));
                    teamVersions.merge(id, 1, Integer::sum);
                    respond(exchange, 200, groups.get(id), null);
                }
                case "GET teams" -> respond(exchange, 200, team(parts[4]), "\"" + teamVersions.get(parts[4]) + "\"");
                case "PATCH teams" -> {
                    String team = parts[4];
                    assertThat(exchange.getRequestHeaders().getFirst("If-Match"))
                            .isEqualTo("\"" + teamVersions.get(team) + "\"");
                    teamManagers.put(team, body.path("managerId").asString());
                    teamVersions.merge(team, 1, Integer::sum);
                    respond(exchange, 200, team(team), null);
                }
                default -> respond(exchange, 404, null, null);
            }
        }
    }

    private static ObjectNode search(Map<String, ObjectNode> resources, String attribute, String query) {
        Matcher m = EQ.matcher(URLDecoder.decode(query.substring("filter=".length()), StandardCharsets.UTF_8));
        assertThat(m.matches()).isTrue();
        ObjectNode list = JSON.createObjectNode();
        var found = list.putArray("Resources");
        resources.values().stream()
                .filter(r -> r.path(attribute).asString().equals(m.group(1)))
                .forEach(found::add);
        return list;
    }

    private static ObjectNode store(Map<String, ObjectNode> resources, ObjectNode resource) {
        String id = UUID.randomUUID().toString();
        resource.put("id", id);
        resources.put(id, resource);
        return resource;
    }

    private ObjectNode team(String id) {
        ObjectNode team = JSON.createObjectNode().put("id", id);
        team.put("managerId", teamManagers.get(id));
        return team;
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body, String etag) throws IOException {
        if (etag != null) {
            exchange.getResponseHeaders().set("ETag", etag);
        }
        byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private void user(String userName) {
        store(users, JSON.createObjectNode().put("userName", userName));
    }

    private void group(String name, String... memberIds) {
        ObjectNode group = JSON.createObjectNode().put("displayName", name);
        var members = group.putArray("members");
        for (String member : memberIds) {
            members.addObject().put("value", member);
        }
        teamVersions.put(store(groups, group).path("id").asString(), 1);
    }

    private String idOf(String userName) {
        return users.values().stream()
                .filter(u -> u.path("userName").asString().equals(userName))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
    }

    private String groupId(String name) {
        return groups.values().stream()
                .filter(g -> g.path("displayName").asString().equals(name))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
    }

    private String managerOf(String userName) {
        JsonNode manager =
                users.get(idOf(userName)).path(ENTERPRISE).path("manager").path("value");
        return manager.isString() ? manager.asString() : null;
    }

    private List<String> members(String group) {
        List<String> ids = new ArrayList<>();
        groups.get(groupId(group))
                .path("members")
                .forEach(m -> ids.add(m.path("value").asString()));
        return ids;
    }
}
