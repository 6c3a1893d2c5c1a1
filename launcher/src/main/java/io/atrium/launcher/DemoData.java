package io.atrium.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A realistic small customer base loaded through the gateway, as any client would: companies and their people across
 * the funnel, two sales pipelines and deals in them (open, won and lost), and the communication log around them:
 * calls, emails, meetings, notes, follow-up tasks and support tickets. Loading twice changes nothing (duplicates are recognised by domain and email).
 */
public final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Company(String name, String domain, String industry, String size, String city, String country) {}

    private record Person(String first, String last, String title, String stage, String source, String tag) {}

    private static final Map<Company, List<Person>> BOOK = Map.of(
            new Company("Northwind Traders", "northwind.example", "Wholesale", "201-500", "Seattle", "US"),
            List.of(
                    new Person("Nancy", "Davolio", "Head of Purchasing", "customer", "referral", "key-account"),
                    new Person("Andrew", "Fuller", "VP Sales", "customer", "referral", "decision-maker"),
                    new Person("Janet", "Leverling", "Buyer", "opportunity", "webinar", "champion")),
            new Company("Contoso Pharmaceuticals", "contoso.example", "Pharma", "1001-5000", "Basel", "CH"),
            List.of(
                    new Person("Marguerite", "Keller", "CIO", "sales-qualified", "trade-show", "decision-maker"),
                    new Person("Lukas", "Brunner", "IT Procurement", "marketing-qualified", "ebook", "evaluator")),
            new Company("Fabrikam Robotics", "fabrikam.example", "Manufacturing", "51-200", "Stuttgart", "DE"),
            List.of(
                    new Person("Jonas", "Weber", "COO", "lead", "website", "evaluator"),
                    new Person("Amelie", "Schmitt", "Service Manager", "customer", "partner", "support-contact")),
            new Company("Tailspin Airlines", "tailspin.example", "Aviation", "5001+", "Dublin", "IE"),
            List.of(
                    new Person("Siobhan", "Murphy", "Head of Customer Care", "evangelist", "referral", "reference"),
                    new Person("Ciaran", "Byrne", "Procurement Lead", "opportunity", "cold-call", "champion")),
            new Company("Wide World Importers", "wideworld.example", "Retail", "11-50", "Melbourne", "AU"),
            List.of(new Person("Olivia", "Nguyen", "Founder", "subscriber", "newsletter", "newsletter")));

    private DemoData() {}

    /** Loads the demo book through {@code gateway} with {@code token}; returns how many records were created. */
    public static int load(String gateway, String token) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        int created = 0;
        Map<Company, Account> accounts = new java.util.LinkedHashMap<>();
        for (Map.Entry<Company, List<Person>> entry : BOOK.entrySet()) {
            Company c = entry.getKey();
            HttpResponse<String> company = post(
                    http,
                    gateway + "/api/v1/companies",
                    token,
                    Map.of(
                            "name", c.name(),
                            "domain", c.domain(),
                            "industry", c.industry(),
                            "size", c.size(),
                            "address", Map.of("city", c.city(), "country", c.country()),
                            "tags", List.of("demo")));
            JsonNode companyBody = JSON.readTree(company.body());
            String companyId = company.statusCode() == 201
                    ? companyBody.path("id").asString()
                    : companyBody.path("existingId").asString();
            created += company.statusCode() == 201 ? 1 : 0;
            List<String> people = new java.util.ArrayList<>();
            for (Person p : entry.getValue()) {
                String email = (p.first() + "." + p.last()).toLowerCase(java.util.Locale.ROOT) + "@" + c.domain();
                HttpResponse<String> person = post(
                        http,
                        gateway + "/api/v1/contacts",
                        token,
                        Map.of(
                                "firstName", p.first(),
                                "lastName", p.last(),
                                "jobTitle", p.title(),
                                "companyId", companyId,
                                "emails", List.of(Map.of("address", email)),
                                "lifecycleStage", p.stage(),
                                "leadSource", p.source(),
                                "tags", List.of("demo", p.tag()),
                                "consent", Map.of("status", "granted", "source", "demo data")));
                created += person.statusCode() == 201 ? 1 : 0;
                JsonNode personBody = JSON.readTree(person.body());
                people.add(
                        person.statusCode() == 201
                                ? personBody.path("id").asString()
                                : personBody.path("existingId").asString());
            }
            accounts.put(c, new Account(companyId, people));
        }
        created += loadDeals(http, gateway, token, accounts);
        created += loadActivities(http, gateway, token, accounts);
        log.info("Demo data: {} records created (existing ones left as they were)", created);
        return created;
    }

    private record Account(String companyId, List<String> contactIds) {}

    /** A deal of the demo book: where it stands and, for closed ones, how it ended. */
    private record Deal(
            String company,
            String title,
            String pipeline,
            int stage,
            String amount,
            String currency,
            String outcome,
            String owner) {}

    private static final List<Deal> DEALS = List.of(
            new Deal(
                    "Northwind Traders",
                    "Northwind: warehouse robots, phase 2",
                    "New business",
                    2,
                    "240000.00",
                    "USD",
                    null,
                    "sales"),
            new Deal(
                    "Northwind Traders",
                    "Northwind: support contract renewal",
                    "Renewals",
                    1,
                    "36000.00",
                    "USD",
                    null,
                    "sales"),
            new Deal(
                    "Contoso Pharmaceuticals",
                    "Contoso: lab automation pilot",
                    "New business",
                    1,
                    "85000.00",
                    "CHF",
                    null,
                    "sales2"),
            new Deal(
                    "Fabrikam Robotics",
                    "Fabrikam: service desk seats",
                    "New business",
                    0,
                    "12500.00",
                    "EUR",
                    null,
                    "sales2"),
            new Deal(
                    "Fabrikam Robotics",
                    "Fabrikam: analytics add-on",
                    "New business",
                    3,
                    "18000.00",
                    "EUR",
                    "won",
                    "sales"),
            new Deal(
                    "Tailspin Airlines",
                    "Tailspin: crew scheduling",
                    "New business",
                    2,
                    "410000.00",
                    "EUR",
                    "lost",
                    "manager"),
            new Deal("Tailspin Airlines", "Tailspin: 2027 renewal", "Renewals", 0, "95000.00", "EUR", null, "sales2"),
            new Deal(
                    "Wide World Importers",
                    "Wide World: starter plan",
                    "New business",
                    0,
                    "4800.00",
                    "AUD",
                    null,
                    "sales"));

    private static final Map<String, List<String[]>> PIPELINES = new java.util.LinkedHashMap<>(Map.of(
            "New business",
            List.of(
                    new String[] {"Qualified", "10", "14"},
                    new String[] {"Demo", "30", "14"},
                    new String[] {"Proposal", "60", "21"},
                    new String[] {"Negotiation", "80", "14"}),
            "Renewals",
            List.of(new String[] {"Upcoming", "70", "30"}, new String[] {"In talks", "85", "21"})));

    /** Two pipelines and a handful of deals across them; deals already loaded (by title) are left alone. */
    private static int loadDeals(HttpClient http, String gateway, String token, Map<Company, Account> accounts)
            throws Exception {
        int created = 0;
        Map<String, JsonNode> pipelines = new java.util.HashMap<>();
        for (Map.Entry<String, List<String[]>> entry : PIPELINES.entrySet()) {
            HttpResponse<String> response = post(
                    http,
                    gateway + "/api/v1/pipelines",
                    token,
                    Map.of(
                            "name",
                            entry.getKey(),
                            "stages",
                            entry.getValue().stream()
                                    .map(s -> Map.of(
                                            "name", s[0],
                                            "probability", Integer.parseInt(s[1]),
                                            "rottingDays", Integer.parseInt(s[2])))
                                    .toList()));
            created += response.statusCode() == 201 ? 1 : 0;
        }
        for (JsonNode pipeline :
                JSON.readTree(get(http, gateway + "/api/v1/pipelines", token)).path("items")) {
            pipelines.put(pipeline.path("name").asString(), pipeline);
        }
        java.util.Set<String> existing = new java.util.HashSet<>();
        for (JsonNode deal : JSON.readTree(get(http, gateway + "/api/v1/deals?tag=demo&limit=200", token))
                .path("items")) {
            existing.add(deal.path("title").asString());
        }
        for (Deal d : DEALS) {
            if (existing.contains(d.title())) {
                continue;
            }
            Account account = accounts.entrySet().stream()
                    .filter(e -> e.getKey().name().equals(d.company()))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow();
            JsonNode pipeline = pipelines.get(d.pipeline());
            String stageId = pipeline.path("stages").get(d.stage()).path("id").asString();
            HttpResponse<String> response = post(
                    http,
                    gateway + "/api/v1/deals",
                    token,
                    Map.of(
                            "pipelineId", pipeline.path("id").asString(),
                            "stageId", stageId,
                            "title", d.title(),
                            "amount", Map.of("value", d.amount(), "currency", d.currency()),
                            "expectedCloseDate",
                                    java.time.LocalDate.now()
                                            .plusDays(30L + 15L * d.stage())
                                            .toString(),
                            "ownerId", d.owner(),
                            "primaryContactId", account.contactIds().getFirst(),
                            "companyId", account.companyId(),
                            "tags", List.of("demo")));
            created++;
            String id = JSON.readTree(response.body()).path("id").asString();
            if ("won".equals(d.outcome())) {
                post(http, gateway + "/api/v1/deals/" + id + "/win", token, Map.of("note", "Signed"));
            } else if ("lost".equals(d.outcome())) {
                post(http, gateway + "/api/v1/deals/" + id + "/lose", token, Map.of("reason", "Chose a competitor"));
            }
        }
        return created;
    }

    /**
     * Calls, emails, a meeting and notes on the accounts, three follow-up tasks (overdue, today, next week) and three
     * support tickets (new, open with a first reply, resolved). Skipped when the first account already has a log.
     */
    private static int loadActivities(HttpClient http, String gateway, String token, Map<Company, Account> accounts)
            throws Exception {
        String supportTeam = teamId(http, gateway, token, "Support");
        Map<String, Account> byName = new java.util.HashMap<>();
        accounts.forEach((company, account) -> byName.put(company.name(), account));
        Account northwind = byName.get("Northwind Traders");
        if (JSON.readTree(get(
                                http,
                                gateway + "/api/v1/activities?limit=1&contactId="
                                        + northwind.contactIds().getFirst(),
                                token))
                        .path("items")
                        .size()
                > 0) {
            return 0;
        }
        Map<String, String> deals = new java.util.HashMap<>();
        for (JsonNode deal : JSON.readTree(get(http, gateway + "/api/v1/deals?tag=demo&limit=200", token))
                .path("items")) {
            deals.put(deal.path("title").asString(), deal.path("id").asString());
        }
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Account contoso = byName.get("Contoso Pharmaceuticals");
        Account fabrikam = byName.get("Fabrikam Robotics");
        Account tailspin = byName.get("Tailspin Airlines");
        List<Map<String, Object>> activities = List.of(
                Map.of(
                        "type",
                        "call",
                        "subject",
                        "Phase 2 scope",
                        "body",
                        "Nancy confirmed budget for 12 more robots; wants a proposal by Friday.",
                        "direction",
                        "outbound",
                        "durationSeconds",
                        1260,
                        "outcome",
                        "connected",
                        "occurredAt",
                        now.minus(Duration.ofDays(3)).toString(),
                        "contactIds",
                        List.of(northwind.contactIds().getFirst()),
                        "companyId",
                        northwind.companyId(),
                        "dealId",
                        deals.get("Northwind: warehouse robots, phase 2")),
                Map.of(
                        "type",
                        "email",
                        "subject",
                        "Proposal: warehouse robots, phase 2",
                        "body",
                        "Hi Nancy, please find the proposal attached. Happy to walk you through it.",
                        "direction",
                        "outbound",
                        "from",
                        "sales@atrium.example",
                        "to",
                        List.of("nancy.davolio@northwind.example"),
                        "cc",
                        List.of("andrew.fuller@northwind.example"),
                        "contactIds",
                        northwind.contactIds().subList(0, 2),
                        "companyId",
                        northwind.companyId(),
                        "dealId",
                        deals.get("Northwind: warehouse robots, phase 2")),
                Map.of(
                        "type", "meeting",
                        "subject", "Lab automation pilot: kick-off",
                        "startsAt", now.minus(Duration.ofDays(5)).toString(),
                        "endsAt",
                                now.minus(Duration.ofDays(5))
                                        .plus(Duration.ofHours(1))
                                        .toString(),
                        "location", "Basel",
                        "contactIds", contoso.contactIds(),
                        "attendees",
                                contoso.contactIds().stream()
                                        .map(id -> Map.of("contactId", id))
                                        .toList(),
                        "companyId", contoso.companyId(),
                        "dealId", deals.get("Contoso: lab automation pilot")),
                Map.of(
                        "type", "note",
                        "body", "Marguerite prefers a fixed-price pilot; procurement needs three quotes.",
                        "occurredAt", now.minus(Duration.ofDays(4)).toString(),
                        "contactIds", List.of(contoso.contactIds().getFirst()),
                        "companyId", contoso.companyId()),
                Map.of(
                        "type",
                        "call",
                        "subject",
                        "Why we lost crew scheduling",
                        "body",
                        "Ciaran: the competitor bundled training. Revisit in the 2027 renewal.",
                        "direction",
                        "inbound",
                        "durationSeconds",
                        540,
                        "outcome",
                        "connected",
                        "occurredAt",
                        now.minus(Duration.ofDays(2)).toString(),
                        "contactIds",
                        List.of(tailspin.contactIds().get(1)),
                        "companyId",
                        tailspin.companyId(),
                        "dealId",
                        deals.get("Tailspin: crew scheduling")),
                Map.of(
                        "type", "note",
                        "body", "Amelie runs the service desk; route robot faults to tier-2 directly.",
                        "occurredAt", now.minus(Duration.ofDays(6)).toString(),
                        "contactIds", List.of(fabrikam.contactIds().get(1)),
                        "companyId", fabrikam.companyId()));
        int created = 0;
        for (Map<String, Object> activity : activities) {
            post(http, gateway + "/api/v1/activities", token, activity);
            created++;
        }
        List<Map<String, Object>> tasks = List.of(
                Map.of(
                        "title",
                        "Send the phase 2 proposal to Nancy",
                        "dueAt",
                        now.minus(Duration.ofHours(20)).toString(),
                        "priority",
                        "high",
                        "assignee",
                        "sales",
                        "contactIds",
                        List.of(northwind.contactIds().getFirst()),
                        "dealId",
                        deals.get("Northwind: warehouse robots, phase 2")),
                Map.of(
                        "title", "Prepare the pilot price sheet",
                        "dueAt", now.plus(Duration.ofHours(3)).toString(),
                        "reminderAt", now.plus(Duration.ofHours(2)).toString(),
                        "assignee", "sales",
                        "contactIds", List.of(contoso.contactIds().getFirst()),
                        "dealId", deals.get("Contoso: lab automation pilot")),
                Map.of(
                        "title", "Renewal check-in with Tailspin",
                        "dueAt", now.plus(Duration.ofDays(7)).toString(),
                        "assignee", "sales2",
                        "contactIds", List.of(tailspin.contactIds().getFirst()),
                        "dealId", deals.get("Tailspin: 2027 renewal")));
        for (Map<String, Object> task : tasks) {
            post(http, gateway + "/api/v1/tasks", token, task);
            created++;
        }
        String jammed = JSON.readTree(post(
                                http,
                                gateway + "/api/v1/tickets",
                                token,
                                Map.of(
                                        "subject", "Robot arm stops after firmware update",
                                        "description", "Two arms on line 3 halt with error E42 since this morning.",
                                        "priority", "high",
                                        "channel", "phone",
                                        "requesterContactId",
                                                fabrikam.contactIds().get(1),
                                        "companyId", fabrikam.companyId(),
                                        "assignee", "support",
                                        "team", supportTeam))
                        .body())
                .path("id")
                .asString();
        post(http, gateway + "/api/v1/tickets/" + jammed + "/status", token, Map.of("status", "open"));
        post(
                http,
                gateway + "/api/v1/tickets/" + jammed + "/replies",
                token,
                Map.of(
                        "body",
                        "Thanks Amelie, we are rolling back the firmware remotely; expect an update within 2 h."));
        post(
                http,
                gateway + "/api/v1/tickets",
                token,
                Map.of(
                        "subject", "Invoice address change",
                        "description", "Please send invoices to our Dublin office from January.",
                        "priority", "low",
                        "channel", "email",
                        "requesterContactId", tailspin.contactIds().getFirst(),
                        "companyId", tailspin.companyId(),
                        "team", supportTeam));
        String answered = JSON.readTree(post(
                                http,
                                gateway + "/api/v1/tickets",
                                token,
                                Map.of(
                                        "subject", "How do I export the usage report?",
                                        "priority", "normal",
                                        "channel", "chat",
                                        "requesterContactId",
                                                northwind.contactIds().get(2),
                                        "companyId", northwind.companyId(),
                                        "assignee", "support",
                                        "team", supportTeam))
                        .body())
                .path("id")
                .asString();
        post(
                http,
                gateway + "/api/v1/tickets/" + answered + "/replies",
                token,
                Map.of("body", "Reports > Usage > Export CSV. Let us know if it helps!"));
        post(http, gateway + "/api/v1/tickets/" + answered + "/status", token, Map.of("status", "resolved"));
        return created + 3;
    }

    /** The directory id of the demo team with this name (DemoDirectory provisions them first). */
    private static String teamId(HttpClient http, String gateway, String token, String name) throws Exception {
        for (JsonNode team : JSON.readTree(get(
                        http,
                        gateway + "/api/v1/teams?q=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8),
                        token))
                .path("items")) {
            if (name.equals(team.path("name").asString())) {
                return team.path("id").asString();
            }
        }
        throw new IllegalStateException("Demo data: the directory has no team " + name + "; provision it first");
    }

    private static String get(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> response = PoliteHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "Demo data: " + url + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /**
     * POSTs {@code body}. The demo people were provisioned moments ago: until their events reach a service, it answers
     * 422 unknown-user-or-team for an owner or team it has not heard of yet, so that answer is retried for a while.
     */
    private static HttpResponse<String> post(HttpClient http, String url, String token, Map<String, ?> body)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response;
        while (true) {
            response = PoliteHttp.send(
                    http,
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(20))
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                            .build());
            if (response.statusCode() != 422
                    || !response.body().contains("unknown-user-or-team")
                    || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        if (response.statusCode() != 201 && response.statusCode() != 200 && response.statusCode() != 409) {
            throw new IllegalStateException(
                    "Demo data: " + url + " answered " + response.statusCode() + " " + response.body());
        }
        return response;
    }
}
