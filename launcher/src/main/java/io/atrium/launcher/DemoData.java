package io.atrium.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A realistic small customer base loaded through the gateway, as any client would: companies and their people across
 * the funnel. Loading twice changes nothing (duplicates are recognised by domain and email).
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
            }
        }
        log.info("Demo data: {} records created (existing ones left as they were)", created);
        return created;
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token, Map<String, ?> body)
            throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException(
                    "Demo data: " + url + " answered " + response.statusCode() + " " + response.body());
        }
        return response;
    }
}
