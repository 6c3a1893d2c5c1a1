package io.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.e2e.WriteLoad.Acknowledged;
import io.atrium.e2e.WriteLoad.Kind;
import io.atrium.launcher.DemoDirectory;
import io.atrium.launcher.Tokens;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
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
 * The fault suite, on the compose platform with three Kafka brokers and three replicas of each consumer
 * ({@code deploy/compose/up --replicas --kafka-cluster}): under a steady write load through the gateway, a broker is
 * killed with SIGKILL and brought back, PostgreSQL restarts, a deal-service replica is killed mid-write, a reporting
 * consumer is paused for a minute. After each fault's repetitions the writes still unanswered are retried with their
 * keys, and every service's data and the reports must hold each acknowledged write exactly once: contacts, deals
 * (count and amounts, in deal-service and in reporting), tasks, one assignment and one reminder notification per
 * task, one webhook delivery sequence per task event. Per-record order is checked on the deals the load moves (in
 * crm.deal as an outside consumer reads it, and in reporting's copy of each deal and its stage history), and once-only
 * scheduled effects on the tickets it opens (one sla-breached event and one notification per ticket and target,
 * with SLA targets of seconds: deploy/compose/faults.yaml). Each repetition also measures how long until every
 * container is healthy and a new write is acknowledged.
 *
 * <p>Runs only against the compose platform ({@code deploy/compose/test}, and {@code --faults-only --repetitions 20} for the full run); the
 * repetitions come from {@code -Datrium.faults.repetitions} (1 in CI, 20 for the documented full run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformFaultTests {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PlatformFaultTests.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REPETITIONS = Integer.getInteger("atrium.faults.repetitions", 1);
    private static final Duration PAUSE = Duration.ofSeconds(Long.getLong("atrium.faults.pause-seconds", 60));
    /** How long a killed broker or replica stays down before it is started again. */
    private static final Duration DOWN = Duration.ofSeconds(10);
    /**
     * The stated bound: every container healthy and new writes acknowledged within this after the fault ends. A killed
     * replica's JVM restarts beside twenty others on two cores in 60-120 s; the other replicas serve meanwhile.
     */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(180);

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Docker docker = Docker.ofEnvironment();
    private static final List<Map<String, Object>> results = new ArrayList<>();
    /**
     * Webhook deliveries of task events: how often each event (by its CloudEvent id) arrived. The receiver answers
     * 204 at once, so a second arrival is a second delivery of an answered message, an effect applied twice.
     */
    private static final Map<String, java.util.concurrent.atomic.AtomicInteger> deliveries = new ConcurrentHashMap<>();
    /** The created events delivered for each task: exactly one event id per task is expected. */
    private static final Map<String, Set<String>> createdEventsOfTask = new ConcurrentHashMap<>();

    /** Who writes: the load's users, the admin who subscribes, and the tasks' and tickets' assignee. */
    private static final List<String> PEOPLE = List.of("admin", "sales", "sales2", "manager", WriteLoad.SUPPORT);

    private static com.sun.net.httpserver.HttpServer receiver;
    private static String admin;

    @BeforeAll
    static void subscribeToTaskEvents() throws Exception {
        assertThat(System.getProperty("atrium.e2e.platform"))
                .as("the fault suite runs against the compose platform (deploy/compose/test)")
                .isEqualTo("compose");
        Tokens tokens = new Tokens(Platform.AUTH_SERVER);
        admin = tokens.user("admin", "admin");
        provisionThePeople(tokens);
        receiver = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 50);
        receiver.createContext("/", exchange -> {
            JsonNode event =
                    JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            deliveries
                    .computeIfAbsent(event.path("id").asString(), id -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
            if (event.path("type").asString().equals("crm.task.created.v1")) {
                createdEventsOfTask
                        .computeIfAbsent(
                                event.path("data").path("task").path("id").asString(),
                                id -> ConcurrentHashMap.newKeySet())
                        .add(event.path("id").asString());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        HttpResponse<String> subscribed = post(
                "/api/v1/webhooks/subscriptions",
                admin,
                "{\"url\":\"http://host.docker.internal:"
                        + receiver.getAddress().getPort() + "/faults\","
                        + "\"eventTypes\":[\"crm.task.*\"],\"filters\":{\"data.task.assignee\":\"support\"}}");
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
    }

    /**
     * The demo people, through the gateway's SCIM endpoints as an identity provider would (nothing when the end-to-end
     * suite did it already), and then in every service's directory replica: deals and tasks need their owner and
     * assignee to be known active users there.
     */
    private static void provisionThePeople(Tokens tokens) throws Exception {
        DemoDirectory.load(Platform.GATEWAY, tokens.clientCredentials("scim", DemoDirectory.SECRET), admin);
        for (String service : List.of("atrium_contact", "atrium_deal", "atrium_activity", "atrium_notification")) {
            Awaitility.await("the demo people in " + service + "'s directory replica")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        try (Connection db = database(service);
                                PreparedStatement query = db.prepareStatement(
                                        "select count(*) from atrium_directory_user where active and subject = any(?)")) {
                            query.setArray(1, db.createArrayOf("text", PEOPLE.toArray()));
                            try (ResultSet rows = query.executeQuery()) {
                                rows.next();
                                return rows.getLong(1) == PEOPLE.size();
                            }
                        }
                    });
        }
    }

    @AfterAll
    static void writeResults() throws Exception {
        if (receiver != null) {
            receiver.stop(0);
        }
        Path file = Path.of("target/faults.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        log.info("faults: results in {}", file.toAbsolutePath());
    }

    @Test
    @Order(1)
    void aKafkaBrokerKilledAndBroughtBackLosesNothing() throws Exception {
        List<String> brokers = List.of("kafka", "kafka-2", "kafka-3");
        episode(
                "kafka-broker-kill",
                rep -> interrupt(
                        docker.containers(brokers.get(rep % brokers.size())).getFirst(),
                        "kill -s KILL",
                        "start",
                        DOWN));
    }

    @Test
    @Order(2)
    void aPostgresRestartLosesNothing() throws Exception {
        episode(
                "postgres-restart",
                rep -> docker.run(
                        "restart", "-t", "10", docker.containers("postgres").getFirst()));
    }

    @Test
    @Order(3)
    void aServiceReplicaKilledMidWriteLosesNothing() throws Exception {
        episode("deal-replica-kill", rep -> interrupt(replica("deal-service", rep), "kill -s KILL", "start", DOWN));
    }

    @Test
    @Order(4)
    void aConsumerPausedForAMinuteLosesNothing() throws Exception {
        episode(
                "reporting-consumer-pause",
                rep -> interrupt(replica("reporting-service", rep), "pause", "unpause", PAUSE));
    }

    /** The replicas of a service in turn, one per repetition. */
    private static String replica(String service, int rep) {
        List<String> replicas = docker.containers(service);
        return replicas.get(rep % replicas.size());
    }

    /** A container stopped (or paused) by {@code how}, left so for {@code down}, then brought back by {@code back}. */
    private static void interrupt(String container, String how, String back, Duration down) {
        List<String> stop = new ArrayList<>(List.of(how.split(" ")));
        stop.add(container);
        docker.run(stop.toArray(String[]::new));
        stayDown(down);
        docker.run(back, container);
    }

    /**
     * One fault, {@link #REPETITIONS} times, under a steady load of its own (records named after the fault, deals in
     * a pipeline of its own), then the exact counts everywhere.
     */
    private static void episode(String fault, IntConsumer inject) throws Exception {
        String run = "fault-" + fault + "-" + UUID.randomUUID().toString().substring(0, 6);
        Tokens tokens = new Tokens(Platform.AUTH_SERVER);
        admin = tokens.user("admin", "admin");
        List<String> pipeline = pipeline(run);
        String pipelineId = pipeline.getFirst();
        WriteLoad load = new WriteLoad(
                        run,
                        pipelineId,
                        pipeline.subList(1, pipeline.size()),
                        List.of("sales", "sales2", "manager", WriteLoad.SUPPORT),
                        3)
                .start();
        List<Long> recoveries = new ArrayList<>();
        try {
            Awaitility.await("the load's first writes")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> load.acknowledgedCount() >= 15);
            for (int rep = 0; rep < REPETITIONS; rep++) {
                inject.accept(rep);
                Instant ended = Instant.now();
                long before = load.acknowledgedCount();
                Awaitility.await(fault + ": every container healthy and a new write acknowledged")
                        .atMost(RECOVERY_BOUND)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> docker.allHealthy() && load.acknowledgedCount() > before + 3);
                long millis = Duration.between(ended, Instant.now()).toMillis();
                recoveries.add(millis);
                log.info("faults: {} #{} healthy again after {} ms", fault, rep + 1, millis);
            }
        } finally {
            load.stop();
        }
        Duration longestGap = load.longestGap();
        load.settle(Duration.ofSeconds(120));
        assertThat(load.refused()).as("writes refused as invalid").isEmpty();
        Counts expected = Counts.of(load);
        Awaitility.await(fault + ": every service and the reports hold each acknowledged write")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions() // a report read while the gateway is busy is asked again
                .untilAsserted(
                        () -> assertThat(Counts.observed(run, pipelineId, load)).isEqualTo(expected));
        Counts observed = Counts.observed(run, pipelineId, load);
        long lost = observed.missing(expected);
        long twice = observed.extra(expected) + effectsAppliedTwice(load);
        assertThat(lost)
                .as("acknowledged writes missing from a service or a report")
                .isZero();
        assertThat(twice).as("writes or effects applied more than once").isZero();
        Awaitility.await(fault + ": consumers hold each deal as deal-service does, every SLA target breached once")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions() // a topic or table read while a broker or the database is still busy is tried again
                .untilAsserted(() -> assertThat(orderAndOnce(load)).isEmpty());

        List<Long> sorted = recoveries.stream().sorted().toList();
        Map<String, Object> result = new HashMap<>();
        result.put("fault", fault);
        result.put("repetitions", REPETITIONS);
        result.put("acknowledgedWrites", load.acknowledgedCount());
        result.put("retries", load.retries());
        result.put("longestMillisWithoutAnAcknowledgedWrite", longestGap.toMillis());
        result.put("dealMoves", load.acknowledged(Kind.MOVE).size());
        result.put("tickets", load.acknowledged(Kind.TICKET).size());
        result.put("lost", lost);
        result.put("appliedTwice", twice);
        result.put("recoveryMillisMedian", sorted.get(sorted.size() / 2));
        result.put("recoveryMillisMax", sorted.getLast());
        results.add(result);
        log.info("faults: {}", result);
    }

    /**
     * What the platform must hold for a load: the ids of every acknowledged contact, deal and task in its service's
     * table (each row's name is unique to its write, so a write applied twice is an id more), the reports' counts
     * and totals, and one assignment and one reminder notification per task.
     */
    record Counts(
            Set<String> contacts,
            long reportedContacts,
            Set<String> deals,
            BigDecimal dealAmount,
            long reportedDeals,
            BigDecimal reportedAmount,
            Set<String> tasks,
            long assignedNotifications,
            long reminderNotifications,
            Set<String> tickets) {

        static Counts of(WriteLoad load) {
            BigDecimal amount = load.acknowledged(Kind.DEAL).stream()
                    .map(Acknowledged::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            Set<String> contacts = ids(load, Kind.CONTACT);
            Set<String> deals = ids(load, Kind.DEAL);
            Set<String> tasks = ids(load, Kind.TASK);
            return new Counts(
                    contacts,
                    contacts.size(),
                    deals,
                    amount,
                    deals.size(),
                    amount,
                    tasks,
                    tasks.size(),
                    tasks.size(),
                    ids(load, Kind.TICKET));
        }

        static Counts observed(String run, String pipelineId, WriteLoad load) throws Exception {
            List<String> taskIds = List.copyOf(ids(load, Kind.TASK));
            Set<String> contacts = rows("atrium_contact", "select id from contact where lead_source = ?", run);
            Set<String> deals = rows("atrium_deal", "select id from deal where pipeline_id = ?::uuid", pipelineId);
            BigDecimal amount = sum(
                    "atrium_deal", "select coalesce(sum(amount), 0) from deal where pipeline_id = ?::uuid", pipelineId);
            Set<String> tasks = rows("atrium_activity", "select id from task where title like ?", run + "-%");
            Set<String> tickets = rows("atrium_activity", "select id from ticket where subject like ?", run + "-%");
            long assigned = notifications("task-assigned", taskIds);
            long reminders = notifications("task-reminder", taskIds);

            long reportedContacts = 0;
            for (JsonNode row :
                    get("/api/v1/reports/marketing/lifecycle?limit=200").path("items")) {
                if (row.path("leadSource").asString().equals(run)) {
                    reportedContacts += row.path("contacts").asLong();
                }
            }
            long reportedDeals = 0;
            BigDecimal reportedAmount = BigDecimal.ZERO;
            for (JsonNode row : get("/api/v1/reports/pipeline?limit=200&pipelineId=" + pipelineId)
                    .path("items")) {
                reportedDeals += row.path("openDeals").asLong();
                JsonNode total = row.path("total"); // null for a stage without deals
                if (total.isString()) {
                    reportedAmount = reportedAmount.add(new BigDecimal(total.asString()));
                }
            }
            return new Counts(
                    contacts,
                    reportedContacts,
                    deals,
                    amount,
                    reportedDeals,
                    reportedAmount,
                    tasks,
                    assigned,
                    reminders,
                    tickets);
        }

        private static Set<String> ids(WriteLoad load, Kind kind) {
            return load.acknowledged(kind).stream().map(Acknowledged::id).collect(java.util.stream.Collectors.toSet());
        }

        /** Acknowledged writes (and their notifications and report rows) this state lacks. */
        long missing(Counts expected) {
            return absent(expected.contacts, contacts)
                    + absent(expected.deals, deals)
                    + absent(expected.tasks, tasks)
                    + absent(expected.tickets, tickets)
                    + Math.max(0, expected.reportedContacts - reportedContacts)
                    + Math.max(0, expected.reportedDeals - reportedDeals)
                    + Math.max(0, expected.assignedNotifications - assignedNotifications)
                    + Math.max(0, expected.reminderNotifications - reminderNotifications);
        }

        /** Rows, report entries and notifications beyond the acknowledged writes: something applied twice. */
        long extra(Counts expected) {
            return absent(contacts, expected.contacts)
                    + absent(deals, expected.deals)
                    + absent(tasks, expected.tasks)
                    + absent(tickets, expected.tickets)
                    + Math.max(0, reportedContacts - expected.reportedContacts)
                    + Math.max(0, reportedDeals - expected.reportedDeals)
                    + Math.max(0, assignedNotifications - expected.assignedNotifications)
                    + Math.max(0, reminderNotifications - expected.reminderNotifications);
        }

        private static long absent(Set<String> wanted, Set<String> present) {
            return wanted.stream().filter(id -> !present.contains(id)).count();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counts c
                    && contacts.equals(c.contacts)
                    && reportedContacts == c.reportedContacts
                    && deals.equals(c.deals)
                    && dealAmount.compareTo(c.dealAmount) == 0
                    && reportedDeals == c.reportedDeals
                    && reportedAmount.compareTo(c.reportedAmount) == 0
                    && tasks.equals(c.tasks)
                    && tickets.equals(c.tickets)
                    && assignedNotifications == c.assignedNotifications
                    && reminderNotifications == c.reminderNotifications;
        }

        @Override
        public int hashCode() {
            return contacts.hashCode() + deals.hashCode() + tasks.hashCode();
        }

        @Override
        public String toString() {
            return ("contacts %d (reported %d), deals %d of %s (reported %d of %s), tasks %d (assigned %d, reminded %d),"
                            + " tickets %d")
                    .formatted(
                            contacts.size(),
                            reportedContacts,
                            deals.size(),
                            dealAmount.toPlainString(),
                            reportedDeals,
                            reportedAmount.toPlainString(),
                            tasks.size(),
                            assignedNotifications,
                            reminderNotifications,
                            tickets.size());
        }
    }

    /**
     * What per-record order and once-only scheduled effects require of the load's deals and tickets; the violations,
     * none when all hold:
     *
     * <ul>
     *   <li>in crm.deal, read from its beginning as an outside consumer reads it: all of a deal's events on one
     *       partition, each event not seen before newer than every one before it (a record repeated is a redelivery of
     *       the same event id), the newest one the version deal-service holds;
     *   <li>in reporting's live read model: each deal at deal-service's stage and version, with as many stage changes
     *       in its history as deal-service (created and moved: the load neither reopens nor closes a deal; an event
     *       applied out of order would leave an older stage or a missing change);
     *   <li>each ticket's first-response and resolution targets breached in activity-service, with exactly one
     *       crm.ticket.sla-breached event each (three replicas run the breach detector) and one notification each.
     * </ul>
     */
    private static List<String> orderAndOnce(WriteLoad load) throws Exception {
        List<String> violations = new ArrayList<>();
        List<String> dealIds =
                load.acknowledged(Kind.DEAL).stream().map(Acknowledged::id).toList();
        Map<String, String> truth = dealStates("atrium_deal", "", dealIds);
        Map<String, Integer> partitionOf = new HashMap<>();
        Map<String, Long> newest = new HashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        for (TopicLog.Event event : TopicLog.read("crm.deal", Set.copyOf(dealIds))) {
            Integer partition = partitionOf.putIfAbsent(event.subject(), event.partition());
            if (partition != null && partition != event.partition()) {
                violations.add("deal " + event.subject() + ": events on partitions " + partition + " and "
                        + event.partition());
            }
            boolean redelivery = !seen.computeIfAbsent(event.subject(), id -> new HashSet<>())
                    .add(event.id());
            long before = newest.getOrDefault(event.subject(), 0L);
            if (!redelivery && event.version() <= before) {
                violations.add("deal " + event.subject() + ": version " + event.version() + " (" + event.type()
                        + ") after version " + before + " in crm.deal");
            }
            newest.put(event.subject(), Math.max(before, event.version()));
        }
        for (String id : dealIds) {
            String version = truth.getOrDefault(id, "").split(" ")[0];
            if (!version.equals(String.valueOf(newest.getOrDefault(id, 0L)))) {
                violations.add("deal " + id + ": newest version in crm.deal " + newest.get(id) + ", in deal-service "
                        + version);
            }
        }
        Map<String, String> reported = dealStates("atrium_reporting", liveReportingSchema() + ".", dealIds);
        for (String id : dealIds) {
            if (!truth.get(id).equals(reported.get(id))) {
                violations.add("deal " + id + ": deal-service holds (version stage changes) " + truth.get(id)
                        + ", reporting " + reported.get(id));
            }
        }

        List<String> ticketIds =
                load.acknowledged(Kind.TICKET).stream().map(Acknowledged::id).toList();
        Map<String, Map<String, Set<String>>> breaches = new HashMap<>();
        for (TopicLog.Event event : TopicLog.read("crm.ticket", Set.copyOf(ticketIds))) {
            if (event.type().equals("crm.ticket.sla-breached.v1")) {
                breaches.computeIfAbsent(event.subject(), id -> new HashMap<>())
                        .computeIfAbsent(event.data().path("target").asString(), target -> new HashSet<>())
                        .add(event.id());
            }
        }
        Map<String, Long> notified = new HashMap<>();
        try (Connection db = database("atrium_notification");
                PreparedStatement query = db.prepareStatement("select link_id, count(*) from notification "
                        + "where type = 'ticket-sla-breached' and link_id = any(?) group by link_id")) {
            query.setArray(1, db.createArrayOf("text", ticketIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    notified.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        for (String id : ticketIds) {
            Map<String, Set<String>> targets = breaches.getOrDefault(id, Map.of());
            for (String target : List.of("first-response", "resolution")) {
                int events = targets.getOrDefault(target, Set.of()).size();
                if (events != 1) {
                    violations.add("ticket " + id + ": " + events + " sla-breached events for " + target);
                }
            }
            if (notified.getOrDefault(id, 0L) != 2) {
                violations.add("ticket " + id + ": " + notified.get(id) + " breach notifications, not 2");
            }
        }
        return violations;
    }

    /** "version stage-id stage-changes" per deal, from deal-service's tables or reporting's copy in {@code schema}. */
    private static Map<String, String> dealStates(String database, String schema, List<String> ids) throws Exception {
        Map<String, String> states = new HashMap<>();
        try (Connection db = database(database);
                PreparedStatement query =
                        db.prepareStatement("select d.id, d.version, d.stage_id, (select count(*) from "
                                + schema + "deal_stage_change c where c.deal_id = d.id) from " + schema
                                + "deal d where d.id = any(?::uuid[])")) {
            query.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getLong(2) + " " + rows.getString(3) + " " + rows.getLong(4));
                }
            }
        }
        return states;
    }

    private static String liveReportingSchema() throws Exception {
        try (Connection db = database("atrium_reporting");
                PreparedStatement query =
                        db.prepareStatement("select schema_name from reporting_generation where status = 'live'");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    /**
     * Effects beyond the counts: a task with more than one notification of a kind, more than one created event, or
     * a delivery that arrived twice. Every task's created event must have been delivered (a missing one fails).
     */
    private static long effectsAppliedTwice(WriteLoad load) throws Exception {
        List<String> taskIds =
                load.acknowledged(Kind.TASK).stream().map(Acknowledged::id).toList();
        long twice = 0;
        try (Connection db = database("atrium_notification");
                PreparedStatement query =
                        db.prepareStatement("select count(*) from notification where link_id = any(?) "
                                + "and type in ('task-assigned', 'task-reminder') group by link_id, type "
                                + "having count(*) > 1")) {
            query.setArray(1, db.createArrayOf("text", taskIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    twice += rows.getLong(1) - 1;
                }
            }
        }
        Awaitility.await("a webhook delivery of every task's created event")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> createdEventsOfTask.keySet().containsAll(taskIds));
        for (String taskId : taskIds) {
            Set<String> events = createdEventsOfTask.get(taskId);
            twice += events.size() - 1;
            for (String event : events) {
                twice += deliveries.get(event).get() - 1;
            }
        }
        return twice;
    }

    private static long notifications(String type, List<String> taskIds) throws Exception {
        try (Connection db = database("atrium_notification");
                PreparedStatement query =
                        db.prepareStatement("select count(*) from notification where type = ? and link_id = any(?)")) {
            query.setString(1, type);
            query.setArray(2, db.createArrayOf("text", taskIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Set<String> rows(String database, String sql, String parameter) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection db = database(database);
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private static BigDecimal sum(String database, String sql, String parameter) throws Exception {
        try (Connection db = database(database);
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBigDecimal(1).stripTrailingZeros();
            }
        }
    }

    /** The compose platform's PostgreSQL, published on 127.0.0.1 (ATRIUM_COMPOSE_PG_PORT, 15432). */
    private static Connection database(String name) throws Exception {
        String port = System.getenv().getOrDefault("ATRIUM_COMPOSE_PG_PORT", "15432");
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/" + name,
                "postgres",
                System.getenv().getOrDefault("ATRIUM_DB_PASSWORD", "atrium"));
    }

    /** A pipeline of the run's own: its id, then its stages' ids in order (the load moves deals along them). */
    private static List<String> pipeline(String run) throws Exception {
        HttpResponse<String> created = post(
                "/api/v1/pipelines",
                admin,
                "{\"name\":\"" + run + "\",\"stages\":[{\"name\":\"Qualified\",\"probability\":20},"
                        + "{\"name\":\"Proposal\",\"probability\":40},"
                        + "{\"name\":\"Negotiation\",\"probability\":60},"
                        + "{\"name\":\"Won\",\"probability\":100}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode pipeline = JSON.readTree(created.body());
        List<String> ids = new ArrayList<>(List.of(pipeline.path("id").asString()));
        pipeline.path("stages").forEach(stage -> ids.add(stage.path("id").asString()));
        return ids;
    }

    /** The fault's own duration: a broker or replica stays down, a consumer stays paused, this long. */
    private static void stayDown(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(Platform.GATEWAY + path))
                        .timeout(Duration.ofSeconds(10))
                        // Client credentials are cheap: a fresh token, as a long run outlives one (15 min).
                        .header(
                                "Authorization",
                                "Bearer "
                                        + new Tokens(Platform.AUTH_SERVER)
                                                .clientCredentials("reporting-export", "reporting-secret"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(Platform.GATEWAY + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
