package io.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.launcher.DemoData;
import io.atrium.launcher.DemoDirectory;
import io.atrium.launcher.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running platform — Kafka, auth-server, contact-service, deal-service, activity-service, reporting-service and
 * the gateway as separate processes, started by the launcher as `./atrium` does or as the compose platform's
 * containers ({@link Platform}) — driven through the gateway only, with real tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndTests {

    private static final String GATEWAY = Platform.GATEWAY;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static Platform platform;
    private static String sales;
    private static String viewer;
    private static String admin;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start();
        Tokens tokens = new Tokens(Platform.AUTH_SERVER);
        sales = tokens.user("sales", "sales");
        viewer = tokens.clientCredentials("reporting-export", "reporting-secret");
        admin = tokens.user("admin", "admin");
    }

    @Test
    @Order(1)
    void demoDataLoadsOnceThroughTheGateway() throws Exception {
        assertThat(DemoData.load(GATEWAY, admin)).isEqualTo(37);
        assertThat(DemoData.load(GATEWAY, admin)).isZero();
        Response demo = call("GET", "/api/v1/contacts?tag=demo&limit=200", viewer, null, null);
        assertThat(demo.json().path("items").size()).isEqualTo(10);
        Response deals = call("GET", "/api/v1/deals?tag=demo&limit=200", viewer, null, null);
        assertThat(deals.json().path("items").size()).isEqualTo(8);
        Response tickets = call("GET", "/api/v1/tickets?limit=200", viewer, null, null);
        assertThat(tickets.json().path("items").size()).isEqualTo(3);
        Response log = call("GET", "/api/v1/activities?limit=200", viewer, null, null);
        assertThat(log.json().path("items").size()).isEqualTo(6);
    }

    /** The identity provider's view of people reaches the directory through the gateway's SCIM endpoints. */
    @Test
    @Order(0)
    void theDirectoryIsProvisionedThroughScimAndEveryoneCanReadIt() throws Exception {
        String scim = new Tokens(Platform.AUTH_SERVER).clientCredentials("scim", DemoDirectory.SECRET);
        assertThat(DemoDirectory.load(GATEWAY, scim, admin)).isEqualTo(11);
        assertThat(DemoDirectory.load(GATEWAY, scim, admin)).isZero();

        Response users = call("GET", "/api/v1/users?limit=200", viewer, null, null);
        assertThat(users.json().path("items")).hasSize(7);
        String manager = users.json()
                .path("items")
                .valueStream()
                .filter(u -> u.path("userName").asString().equals("manager"))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
        Response team = call("GET", "/api/v1/teams?q=Sales%20East", viewer, null, null);
        assertThat(team.status()).isEqualTo(200);
        assertThat(team.json().path("items")).hasSize(1);
        assertThat(team.json().path("items").get(0).path("memberIds")).hasSize(2);
        assertThat(team.json().path("items").get(0).path("managerId").asString())
                .isEqualTo(manager);
        assertThat(call("POST", "/api/v1/teams", viewer, "{\"name\":\"Not yours\"}", null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    @Order(2)
    void aWriteThroughTheGatewayReachesTheReportsWithinTwoSeconds() throws Exception {
        // Only this test gives contacts to marketing, so the view filtered by that owner holds exactly this one.
        String owner = "marketing";
        Response contact = call(
                "POST",
                "/api/v1/contacts",
                sales,
                "{\"firstName\":\"Bill\",\"lastName\":\"Lumbergh\",\"ownerId\":\"" + owner
                        + "\",\"lifecycleStage\":\"lead\",\"leadSource\":\"e2e-lifecycle\"}",
                null);
        assertThat(contact.status()).as(contact.raw().body()).isEqualTo(201);
        String contactId = contact.json().path("id").asString();
        long written = System.nanoTime();

        Awaitility.await("the contact in the marketing view")
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> call("GET", "/api/v1/reports/marketing/lifecycle?owner=" + owner, viewer, null, null)
                                .json()
                                .path("items")
                                .size()
                        == 1);
        long millis = Duration.ofNanos(System.nanoTime() - written).toMillis();
        System.out.println("e2e: a contact written through the gateway was in the reports after " + millis + " ms");

        Response customer = call("GET", "/api/v1/customers/" + contactId + "/360", support(), null, null);
        assertThat(customer.status()).as(customer.raw().body()).isEqualTo(200);
        assertThat(customer.json().path("contact").path("name").asString()).isEqualTo("Bill Lumbergh");
        Response csv = call("GET", "/api/v1/reports/marketing/lifecycle?format=csv&owner=" + owner, viewer, null, null);
        assertThat(csv.raw().body()).startsWith("lifecycleStage,leadSource,contacts");
        assertThat(call("GET", "/api/v1/reports/sales-performance", support(), null, null)
                        .status())
                .isEqualTo(403);
        Response freshness = call("GET", "/api/v1/reports/freshness", viewer, null, null);
        assertThat(freshness.json().path("topics").size()).isEqualTo(7);
    }

    @Test
    @Order(2)
    void salesAndSupportShareOneCustomerTimeline() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contactId = call(
                        "POST",
                        "/api/v1/contacts",
                        sales,
                        "{\"firstName\":\"Samir\",\"lastName\":\"Nagheenanajar" + suffix + "\"}",
                        null)
                .json()
                .path("id")
                .asString();

        Response call = call(
                "POST",
                "/api/v1/activities",
                sales,
                "{\"type\":\"call\",\"direction\":\"outbound\",\"outcome\":\"connected\",\"durationSeconds\":300,"
                        + "\"body\":\"Printer jams again\",\"contactIds\":[\"" + contactId + "\"]}",
                null);
        assertThat(call.status()).as(call.raw().body()).isEqualTo(201);

        String support = support();
        Response ticket = call(
                "POST",
                "/api/v1/tickets",
                support,
                "{\"subject\":\"PC LOAD LETTER\",\"priority\":\"urgent\",\"channel\":\"phone\","
                        + "\"requesterContactId\":\"" + contactId + "\"}",
                null);
        assertThat(ticket.status()).as(ticket.raw().body()).isEqualTo(201);
        String ticketId = ticket.json().path("id").asString();
        assertThat(ticket.json().path("firstResponseDueAt").isString()).isTrue();
        assertThat(call(
                                "POST",
                                "/api/v1/tickets/" + ticketId + "/replies",
                                support,
                                "{\"body\":\"Load letter paper.\"}",
                                null)
                        .status())
                .isEqualTo(201);
        Response resolved =
                call("POST", "/api/v1/tickets/" + ticketId + "/status", support, "{\"status\":\"resolved\"}", null);
        assertThat(resolved.json().path("status").asString()).isEqualTo("resolved");
        assertThat(resolved.json().path("firstRespondedAt").isString()).isTrue();

        Response timeline = call("GET", "/api/v1/timeline?contactId=" + contactId, viewer, null, null);
        assertThat(timeline.status()).isEqualTo(200);
        JsonNode items = timeline.json().path("items");
        assertThat(items.valueStream().map(i -> i.path("kind").asString())).containsExactly("ticket", "activity");
        assertThat(items.get(0).path("ticket").path("status").asString()).isEqualTo("resolved");
        assertThat(items.get(1).path("activity").path("type").asString()).isEqualTo("call");
        Awaitility.await("the contact's name reaches activity-service")
                .atMost(Duration.ofSeconds(10))
                .until(() -> call("GET", "/api/v1/timeline?contactId=" + contactId, viewer, null, null)
                        .json()
                        .path("items")
                        .get(0)
                        .path("names")
                        .path(contactId)
                        .asString("")
                        .equals("Samir Nagheenanajar" + suffix));

        assertThat(call(
                                "POST",
                                "/api/v1/tickets",
                                sales,
                                "{\"subject\":\"x\",\"requesterContactId\":\"" + contactId + "\"}",
                                null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    @Order(2)
    void aTaskReminderReachesTheInboxAndASubscriberGetsASignedDelivery() throws Exception {
        java.util.List<java.util.Map<String, String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName(platform.receiverBindAddress()), 0), 10);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(java.util.Map.of(
                    "id", exchange.getRequestHeaders().getFirst("webhook-id"),
                    "timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    "signature", exchange.getRequestHeaders().getFirst("webhook-signature"),
                    "body", new String(body, java.nio.charset.StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Response subscribed = call(
                    "POST",
                    "/api/v1/webhooks/subscriptions",
                    admin,
                    "{\"url\":\"http://" + platform.receiverHost() + ":"
                            + receiver.getAddress().getPort() + "/hook\","
                            + "\"eventTypes\":[\"crm.task.*\"],\"filters\":{\"data.task.assignee\":\"support\"}}",
                    null);
            assertThat(subscribed.status()).as(subscribed.raw().body()).isEqualTo(201);
            String secret = subscribed.json().path("secret").asString();

            java.time.Instant now = java.time.Instant.now();
            Response task = call(
                    "POST",
                    "/api/v1/tasks",
                    sales,
                    "{\"title\":\"Call back about PC LOAD LETTER\",\"assignee\":\"support\","
                            + "\"reminderAt\":\"" + now.plusSeconds(3) + "\",\"dueAt\":\"" + now.plusSeconds(3600)
                            + "\"}",
                    null);
            assertThat(task.status()).as(task.raw().body()).isEqualTo(201);
            String taskId = task.json().path("id").asString();

            String support = support();
            Awaitility.await("the assignment and the reminder in support's inbox")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> call("GET", "/api/v1/notifications", support, null, null)
                            .json()
                            .path("items")
                            .valueStream()
                            .filter(n -> n.path("link").path("id").asString().equals(taskId))
                            .map(n -> n.path("type").asString())
                            .collect(java.util.stream.Collectors.toSet())
                            .containsAll(java.util.Set.of("task-assigned", "task-reminder")));
            assertThat(call("GET", "/api/v1/notifications/unread-count", support, null, null)
                            .json()
                            .path("unread")
                            .asLong())
                    .isGreaterThanOrEqualTo(2);

            Awaitility.await("a signed delivery of the task")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> received.stream().anyMatch(r -> r.get("body").contains(taskId)));
            java.util.Map<String, String> delivery = received.stream()
                    .filter(r -> r.get("body").contains(taskId))
                    .findFirst()
                    .orElseThrow();
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    java.util.Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = java.util.Base64.getEncoder()
                    .encodeToString(mac.doFinal(
                            (delivery.get("id") + "." + delivery.get("timestamp") + "." + delivery.get("body"))
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(delivery.get("signature").split(" ")).contains("v1," + expected);
            assertThat(JSON.readTree(delivery.get("body")).path("type").asString())
                    .isEqualTo("crm.task.created.v1");
        } finally {
            receiver.stop(0);
        }
    }

    /** A contact the deal flow created; deal-service knows it, so it can be used while contact-service is down. */
    private static String knownContact;

    @Test
    @Order(2)
    void aSalespersonRunsADealThroughAPipeline() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Response pipeline = call(
                "POST",
                "/api/v1/pipelines",
                admin,
                "{\"name\":\"E2E " + suffix + "\",\"stages\":[{\"name\":\"Qualified\",\"probability\":20},"
                        + "{\"name\":\"Proposal\",\"probability\":50},{\"name\":\"Negotiation\",\"probability\":80}]}",
                null);
        assertThat(pipeline.status()).isEqualTo(201);
        String pipelineId = pipeline.json().path("id").asString();
        JsonNode stages = pipeline.json().path("stages");

        Response contact = call(
                "POST",
                "/api/v1/contacts",
                sales,
                "{\"firstName\":\"Michael\",\"lastName\":\"Bolton" + suffix + "\"}",
                null);
        knownContact = contact.json().path("id").asString();
        Response deal = call(
                "POST",
                "/api/v1/deals",
                sales,
                "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"Initech licences\",\"primaryContactId\":\""
                        + knownContact + "\",\"amount\":{\"value\":\"25000.00\",\"currency\":\"USD\"}}",
                null);
        assertThat(deal.status()).as(deal.raw().body()).isEqualTo(201);
        String dealId = deal.json().path("id").asString();
        assertThat(deal.json().path("names").path(knownContact).asString()).isEqualTo("Michael Bolton" + suffix);

        for (int stage = 1; stage < 3; stage++) {
            Response moved = call(
                    "POST",
                    "/api/v1/deals/" + dealId + "/move",
                    sales,
                    "{\"stageId\":\"" + stages.get(stage).path("id").asString() + "\"}",
                    null);
            assertThat(moved.status()).isEqualTo(200);
        }
        Response board = call("GET", "/api/v1/pipelines/" + pipelineId + "/board", viewer, null, null);
        JsonNode negotiation = board.json().path("stages").get(2);
        assertThat(negotiation.path("count").asLong()).isEqualTo(1);
        assertThat(negotiation.path("totals").get(0).path("weighted").asString())
                .isEqualTo("20000.00");

        Response won = call("POST", "/api/v1/deals/" + dealId + "/win", sales, "{\"note\":\"Signed\"}", null);
        assertThat(won.status()).isEqualTo(200);
        assertThat(won.json().path("status").asString()).isEqualTo("won");
        Response history = call("GET", "/api/v1/deals/" + dealId + "/stage-history", viewer, null, null);
        assertThat(history.json().path("items").size()).isEqualTo(3);

        Response support = call(
                "POST", "/api/v1/deals", support(), "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"No\"}", null);
        assertThat(support.status()).isEqualTo(403);
    }

    /**
     * Record access through the gateway, with the demo people: a rep of another team cannot re-own, change, win or
     * delete a Sales East deal; the owner's manager can; the audit log says who did what through which request; and a
     * leaver's deals move to a colleague in bulk.
     */
    @Test
    @Order(3)
    void recordAccessKeepsRepsToTheirDealsAndTheAuditLogSaysWhoChangedWhat() throws Exception {
        Tokens tokens = new Tokens(Platform.AUTH_SERVER);
        String west = tokens.user("sales2", "sales2");
        String manager = tokens.user("manager", "manager");
        String pipelineId = call("GET", "/api/v1/pipelines", sales, null, null)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();

        Response unknown = call(
                "POST",
                "/api/v1/deals",
                sales,
                "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"Nobody's\",\"ownerId\":\"nobody\"}",
                null);
        assertThat(unknown.status()).as(unknown.raw().body()).isEqualTo(422);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.raw().body()).contains("ownerId");

        Response deal = call(
                "POST",
                "/api/v1/deals",
                sales,
                "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"East's deal\",\"ownerId\":\"sales\"}",
                null);
        assertThat(deal.status()).as(deal.raw().body()).isEqualTo(201);
        String dealId = deal.json().path("id").asString();
        String path = "/api/v1/deals/" + dealId;

        // The bug the issue reported: another rep re-owned, won and deleted a colleague's deal. Now: 403, 403, 403.
        assertThat(call("GET", path, west, null, null).status()).isEqualTo(200);
        assertThat(call("PATCH", path, west, "{\"ownerId\":\"sales2\"}", "\"1\"")
                        .status())
                .isEqualTo(403);
        assertThat(call("PATCH", path, west, "{\"title\":\"Mine now\"}", "\"1\"")
                        .status())
                .isEqualTo(403);
        assertThat(call("POST", path + "/win", west, "{\"note\":\"mine\"}", null)
                        .status())
                .isEqualTo(403);
        assertThat(call("DELETE", path, west, null, "\"1\"").status()).isEqualTo(403);

        HttpRequest.Builder win = HttpRequest.newBuilder(URI.create(GATEWAY + path + "/win"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + manager)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "e2e-manager-wins-" + dealId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"Signed by the manager\"}"));
        HttpResponse<String> won = http.send(win.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(won.statusCode()).as(won.body()).isEqualTo(200);

        Awaitility.await("the win in the audit log")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> call("GET", "/api/v1/audit?recordId=" + dealId, admin, null, null)
                        .json()
                        .path("items")
                        .valueStream()
                        .anyMatch(e -> ("e2e-manager-wins-" + dealId)
                                .equals(e.path("requestId").asString(""))));
        JsonNode entries = call("GET", "/api/v1/audit?recordId=" + dealId, admin, null, null)
                .json()
                .path("items");
        JsonNode winEntry = entries.valueStream()
                .filter(e -> ("e2e-manager-wins-" + dealId)
                        .equals(e.path("requestId").asString("")))
                .findFirst()
                .orElseThrow();
        assertThat(winEntry.path("actor").asString()).isEqualTo("manager");
        assertThat(winEntry.toString()).contains("won");
        assertThat(call("GET", "/api/v1/audit?recordId=" + dealId, sales, null, null)
                        .status())
                .isEqualTo(403);

        // A leaver's deals go to a colleague in bulk: provision them, give them a deal, deactivate, reassign.
        String scim = tokens.clientCredentials("scim", DemoDirectory.SECRET);
        Response leaver = call(
                "POST",
                "/scim/v2/Users",
                scim,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"leaver-"
                        + dealId.substring(0, 8) + "\",\"displayName\":\"Lee Leaver\",\"active\":true}",
                null);
        assertThat(leaver.status()).as(leaver.raw().body()).isEqualTo(201);
        String leaverId = leaver.json().path("id").asString();
        String leaverSubject = "leaver-" + dealId.substring(0, 8);
        Awaitility.await("the leaver known to deal-service")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> call(
                                        "POST",
                                        "/api/v1/deals",
                                        admin,
                                        "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"Leaver's deal\","
                                                + "\"ownerId\":\"" + leaverSubject + "\",\"tags\":[\""
                                                + leaverSubject + "\"]}",
                                        null)
                                .status()
                        == 201);
        assertThat(call("POST", "/api/v1/users/" + leaverId + "/deactivate", admin, null, null)
                        .status())
                .isBetween(200, 204);
        String westId = call("GET", "/api/v1/users?q=sales2", admin, null, null)
                .json()
                .path("items")
                .valueStream()
                .filter(u -> "sales2".equals(u.path("subject").asString()))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
        Response reassigned = call(
                "POST", "/api/v1/users/" + leaverId + "/reassignments", admin, "{\"to\":\"" + westId + "\"}", null);
        assertThat(reassigned.status()).as(reassigned.raw().body()).isEqualTo(202);
        Awaitility.await("the leaver's deal owned by sales2")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode items = call("GET", "/api/v1/deals?tag=" + leaverSubject, admin, null, null)
                            .json()
                            .path("items");
                    return items.size() == 1
                            && "sales2".equals(items.get(0).path("ownerId").asString());
                });
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            return JSON.readTree(raw.body());
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    @Test
    @Order(2)
    void aSalespersonWorksWithCompaniesAndContacts() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Response company = call(
                "POST",
                "/api/v1/companies",
                sales,
                "{\"name\":\"Initech " + suffix + "\",\"domain\":\"initech-" + suffix + ".example\"}",
                null);
        assertThat(company.status()).isEqualTo(201);
        String companyId = company.json().path("id").asString();

        Response contact = call(
                "POST",
                "/api/v1/contacts",
                sales,
                "{\"firstName\":\"Peter\",\"lastName\":\"Gibbons" + suffix + "\",\"companyId\":\"" + companyId
                        + "\",\"emails\":[{\"address\":\"peter-" + suffix + "@initech.example\"}]}",
                null);
        assertThat(contact.status()).isEqualTo(201);
        assertThat(contact.header("X-Request-Id")).isNotBlank();
        String id = contact.json().path("id").asString();

        Response read = call("GET", "/api/v1/contacts/" + id, viewer, null, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");

        Response search = call("GET", "/api/v1/contacts?q=gibbns" + suffix.substring(0, 3), sales, null, null);
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().path("items").valueStream().map(c -> c.path("id")
                        .asString()))
                .contains(id);

        Response updated = call("PATCH", "/api/v1/contacts/" + id, sales, "{\"jobTitle\":\"Engineer\"}", "\"1\"");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");
        Response stale = call("PATCH", "/api/v1/contacts/" + id, sales, "{\"jobTitle\":\"Manager\"}", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);

        assertThat(call("POST", "/api/v1/contacts/" + id + "/erase", sales, null, null)
                        .status())
                .isEqualTo(403);
        assertThat(call("POST", "/api/v1/contacts/" + id + "/erase", admin, null, null)
                        .status())
                .isEqualTo(204);
        assertThat(call("GET", "/api/v1/contacts/" + id, sales, null, null).status())
                .isEqualTo(410);
    }

    @Test
    @Order(4)
    void callersWithoutTheRightTokenAreRefused() throws Exception {
        Response anonymous = call("GET", "/api/v1/contacts", null, null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");

        Response readOnly = call("POST", "/api/v1/contacts", viewer, "{\"firstName\":\"Nope\"}", null);
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    @Order(5)
    void aClientThatFloodsTheApiIsLimited() throws Exception {
        int limited = 0;
        for (int i = 0; i < 80 && limited == 0; i++) {
            Response response = call("GET", "/api/v1/companies?limit=1", viewer, null, null);
            if (response.status() == 429) {
                limited++;
                assertThat(response.header("Retry-After")).isNotBlank();
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            }
        }
        assertThat(limited).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aStoppedServiceAnswers503QuicklyAndThePlatformRecovers() throws Exception {
        platform.stopService("contact-service");

        Response down = call("GET", "/api/v1/contacts", sales, null, null);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.header("Retry-After")).isNotBlank();
        assertThat(down.header("Content-Type")).startsWith("application/problem+json");

        // deal-service keeps working for contacts it knows, and says 503 (not a hang) for ones it cannot check.
        String pipelineId = call("GET", "/api/v1/pipelines", sales, null, null)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        Response known = call(
                "POST",
                "/api/v1/deals",
                sales,
                "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"While contact-service is down\","
                        + "\"primaryContactId\":\"" + knownContact + "\"}",
                null);
        assertThat(known.status()).as(known.raw().body()).isEqualTo(201);
        assertThat(known.json().path("names").path(knownContact).asString()).startsWith("Michael Bolton");
        Response unknown = call(
                "POST",
                "/api/v1/deals",
                sales,
                "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"Unknown\",\"primaryContactId\":\""
                        + UUID.randomUUID() + "\"}",
                null);
        assertThat(unknown.status()).isEqualTo(503);
        assertThat(unknown.header("Retry-After")).isNotBlank();

        platform.startService("contact-service");
        Awaitility.await()
                .atMost(platform.restartWithin())
                .pollInterval(Duration.ofMillis(500))
                .until(() -> call("GET", "/api/v1/contacts?limit=1", sales, null, null)
                                .status()
                        == 200);
    }

    /**
     * Issue 18's merge, end to end: two companies and two contacts that are the same, a deal, an activity, a task and
     * a ticket on the duplicates; merging re-points every one of them in its own service, the reports and the audit
     * log follow, and the duplicates' ids answer 301 with the survivors' locations.
     */
    @Test
    @Order(2)
    void mergingDuplicatesMovesEverythingTheyHadToTheSurvivor() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String support = support();
        String survivorCompany = created(call(
                "POST",
                "/api/v1/companies",
                sales,
                "{\"name\":\"Globex " + suffix + "\",\"domain\":\"globex-" + suffix + ".example\"}",
                null));
        // A look-alike of the first (a similar name): created past the possible-duplicate warning, to be merged.
        String duplicateCompany = created(call(
                "POST",
                "/api/v1/companies?allowDuplicate=true",
                sales,
                "{\"name\":\"Globex Corp " + suffix + "\"}",
                null));
        String survivor = created(call(
                "POST",
                "/api/v1/contacts",
                sales,
                "{\"firstName\":\"Hank\",\"lastName\":\"Scorpio" + suffix + "\",\"jobTitle\":\"Founder\","
                        + "\"emails\":[{\"address\":\"hank-" + suffix + "@globex.example\"}],\"companyId\":\""
                        + survivorCompany + "\"}",
                null));
        String duplicate = created(call(
                "POST",
                "/api/v1/contacts?allowDuplicate=true",
                sales,
                "{\"firstName\":\"Hank\",\"lastName\":\"Scorpio" + suffix + "\",\"jobTitle\":\"CEO\","
                        + "\"emails\":[{\"address\":\"h.scorpio-" + suffix + "@example.com\"}],"
                        + "\"phones\":[{\"number\":\"+1 555 0199\"}],\"companyId\":\"" + duplicateCompany + "\"}",
                null));
        String pipelineId = created(call(
                "POST",
                "/api/v1/pipelines",
                admin,
                "{\"name\":\"Merge " + suffix + "\",\"stages\":[{\"name\":\"Qualified\",\"probability\":20}]}",
                null));
        String deal = created(call(
                "POST",
                "/api/v1/deals",
                sales,
                "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"Doomsday device\",\"primaryContactId\":\""
                        + duplicate + "\",\"companyId\":\"" + duplicateCompany + "\"}",
                null));
        String activity = created(call(
                "POST",
                "/api/v1/activities",
                sales,
                "{\"type\":\"note\",\"body\":\"Wants a volcano lair\",\"contactIds\":[\"" + duplicate + "\"]}",
                null));
        String task = created(call(
                "POST",
                "/api/v1/tasks",
                sales,
                "{\"title\":\"Send the brochure\",\"contactIds\":[\"" + duplicate + "\"]}",
                null));
        String ticket = created(call(
                "POST",
                "/api/v1/tickets",
                support,
                "{\"subject\":\"Laser misaligned\",\"priority\":\"high\",\"channel\":\"email\","
                        + "\"requesterContactId\":\"" + duplicate + "\"}",
                null));

        Response companies = call(
                "POST",
                "/api/v1/companies/" + survivorCompany + "/merge",
                sales,
                "{\"duplicateId\":\"" + duplicateCompany + "\",\"duplicateVersion\":1}",
                "\"1\"");
        assertThat(companies.status()).as(companies.raw().body()).isEqualTo(200);
        Response movedCompany = call("GET", "/api/v1/companies/" + duplicateCompany, sales, null, null);
        assertThat(movedCompany.status()).isEqualTo(301);
        assertThat(movedCompany.header("Location")).isEqualTo("/api/v1/companies/" + survivorCompany);

        Response before = call("GET", "/api/v1/contacts/" + duplicate, sales, null, null);
        assertThat(before.json().path("companyId").asString())
                .as("the duplicate company's contacts moved with it")
                .isEqualTo(survivorCompany);
        Response merged = call(
                "POST",
                "/api/v1/contacts/" + survivor + "/merge",
                sales,
                "{\"duplicateId\":\"" + duplicate + "\",\"duplicateVersion\":"
                        + before.json().path("version").asLong() + ",\"keep\":{\"jobTitle\":\"duplicate\"}}",
                "\"1\"");
        assertThat(merged.status()).as(merged.raw().body()).isEqualTo(200);
        assertThat(merged.json().path("jobTitle").asString()).isEqualTo("CEO");
        assertThat(merged.json().path("emails").size()).isEqualTo(2);
        assertThat(merged.json().path("phones").get(0).path("number").asString())
                .isEqualTo("+1 555 0199");
        Response moved = call("GET", "/api/v1/contacts/" + duplicate, sales, null, null);
        assertThat(moved.status()).isEqualTo(301);
        assertThat(moved.header("Location")).isEqualTo("/api/v1/contacts/" + survivor);
        assertThat(moved.json().path("mergedInto").asString()).isEqualTo(survivor);
        assertThat(call("PATCH", "/api/v1/contacts/" + duplicate, sales, "{\"jobTitle\":\"x\"}", "*")
                        .status())
                .isEqualTo(409);

        Duration within = Duration.ofSeconds(20);
        Awaitility.await("deal-service re-points the deal")
                .atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode d = call("GET", "/api/v1/deals/" + deal, sales, null, null)
                            .json();
                    return d.path("primaryContactId").asString("").equals(survivor)
                            && d.path("companyId").asString("").equals(survivorCompany);
                });
        Awaitility.await("activity-service re-points the activity, the task and the ticket")
                .atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> call("GET", "/api/v1/activities/" + activity, sales, null, null)
                                .json()
                                .path("contactIds")
                                .toString()
                                .equals("[\"" + survivor + "\"]")
                        && call("GET", "/api/v1/tasks/" + task, sales, null, null)
                                .json()
                                .path("contactIds")
                                .toString()
                                .equals("[\"" + survivor + "\"]")
                        && call("GET", "/api/v1/tickets/" + ticket, support, null, null)
                                .json()
                                .path("requesterContactId")
                                .asString("")
                                .equals(survivor));
        Awaitility.await("the survivor's 360 view holds what the duplicate had")
                .atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode view = call("GET", "/api/v1/customers/" + survivor + "/360", support, null, null)
                            .json();
                    return view.path("openDeals").toString().contains(deal)
                            && view.path("openTickets").toString().contains(ticket);
                });
        Awaitility.await("the audit log lists the merge in the survivor's history")
                .atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> call("GET", "/api/v1/audit?recordId=" + survivor, admin, null, null)
                        .json()
                        .path("items")
                        .valueStream()
                        .anyMatch(e -> e.path("eventType").asString("").equals("crm.contact.merged.v1")));
    }

    private static String created(Response response) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    private static String support() throws Exception {
        return new Tokens(Platform.AUTH_SERVER).user("support", "support");
    }

    private static Response call(String method, String path, String token, String body, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header(
                    "Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response);
    }
}
