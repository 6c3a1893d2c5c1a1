package io.atrium.launcher;

import io.atrium.platform.local.LocalKafka;
import io.atrium.platform.local.LocalPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the platform on one machine: a Kafka broker (unless one is given), a PostgreSQL server found like the tests
 * find one, a database per service, and every service as its own process with its log in a file. It waits until every
 * service is ready, prints where everything is, and stops it all on Ctrl-C.
 *
 * <p>Options: {@code --services=a,b} to run only some; environment {@code ATRIUM_KAFKA_BOOTSTRAP_SERVERS} to use an
 * existing broker, {@code ATRIUM_KAFKA_PORT} for the local one (9092), {@code ATRIUM_JDBC_URL} (with
 * {@code ATRIUM_JDBC_USER}, {@code ATRIUM_JDBC_PASSWORD}) for an existing PostgreSQL server;
 * {@code ATRIUM_PORT_OFFSET} added to every port and {@code ATRIUM_DATABASE_SUFFIX} appended to every database name,
 * so a second platform (a benchmark's, a worktree's) runs beside the first.
 */
public final class AtriumLauncher {

    private static final Logger log = LoggerFactory.getLogger(AtriumLauncher.class);
    /**
     * How long each service may take to answer /readyz, and a training run to finish: 5 minutes, or
     * ATRIUM_READY_TIMEOUT_SECONDS on a busy box.
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.parseLong(
            System.getenv().getOrDefault("ATRIUM_READY_TIMEOUT_SECONDS", "300").strip()));

    private final Path root;
    private final Path run;
    private final Path logs;
    private final List<ServiceSpec> services;
    private final Map<ServiceSpec, Process> processes = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile LocalKafka kafka;
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private String databaseSuffix;
    private boolean dropDatabasesOnStop;
    private String bootstrap;
    private LocalPostgres.Server postgres;
    private volatile boolean stopping;
    private final AotCache aot;
    /** Extractions and training runs, stopped with the platform if it stops while they run. */
    private final java.util.Queue<Process> helpers = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private boolean aotCache = true;

    AtriumLauncher(Path root, Path run, List<ServiceSpec> services) {
        this.root = root;
        this.run = run;
        this.logs = run.resolve("logs");
        this.services = services;
        this.aot = new AotCache(run.resolve("aot"));
        // A suffix given by the environment names databases that outlive the run (a second platform's, e.g. a
        // benchmark's or a worktree's); only withIsolatedDatabases() makes throwaway ones.
        String suffix = System.getenv("ATRIUM_DATABASE_SUFFIX");
        if (suffix != null && !suffix.isBlank()) {
            if (!suffix.matches("_[a-z0-9_]{1,20}")) {
                throw new IllegalArgumentException(
                        "ATRIUM_DATABASE_SUFFIX must look like _name (lower-case letters, digits, _), not " + suffix);
            }
            databaseSuffix = suffix;
        }
    }

    /**
     * The whole platform from the repository at {@code root}, with its broker data and logs under {@code run}; for the
     * end-to-end suite. {@link #start()} it, and {@link #stop()} it when done.
     */
    public static AtriumLauncher forAllServices(Path root, Path run) {
        return new AtriumLauncher(root, run, ServiceSpec.ALL);
    }

    /** Databases of their own (random names, dropped at {@link #stop()}), so a test never touches a developer's data. */
    public AtriumLauncher withIsolatedDatabases() {
        databaseSuffix =
                "_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        dropDatabasesOnStop = true;
        return this;
    }

    /**
     * Starts every service from its jar as it is, without extracting it or making an AOT cache (which the first start
     * of a new jar trains); the environment variable {@code ATRIUM_AOT_CACHE=off} does the same.
     */
    public AtriumLauncher withoutAotCache() {
        aotCache = false;
        return this;
    }

    /** Adds environment variables for every process this launcher starts, e.g. tighter limits for a test. */
    public AtriumLauncher withEnvironment(Map<String, String> variables) {
        extraEnvironment.putAll(variables);
        return this;
    }

    /** Stops one service, as an outage would. */
    public void stopService(String name) throws InterruptedException {
        ServiceSpec service = spec(name);
        Process process = processes.get(service);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts a stopped service again and waits until it is ready. */
    public void startService(String name) throws IOException {
        ServiceSpec service = spec(name);
        processes.put(service, launch(service, command(service)));
        awaitReady(service);
    }

    private ServiceSpec spec(String name) {
        return services.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + name));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("token")) {
            printToken(args);
            return;
        }
        if (args.length > 0 && args[0].equals("demo-data")) {
            // Into a platform already running on the usual ports: the compose platform (deploy/compose/up).
            System.exit(loadDemoData() ? 0 : 1);
        }
        Path root =
                Path.of(System.getProperty("atrium.root", ".")).toAbsolutePath().normalize();
        // A second platform (ATRIUM_PORT_OFFSET) keeps its broker data, logs and caches apart from the first's.
        String runFolder = ServiceSpec.PORT_OFFSET == 0 ? ".run" : ".run-" + ServiceSpec.PORT_OFFSET;
        AtriumLauncher launcher = new AtriumLauncher(root, root.resolve(runFolder), selectServices(args));
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "atrium-stop"));
        if (Arrays.asList(args).contains("--prepare")) {
            launcher.prepareOnly();
            System.exit(0);
        }
        try {
            launcher.start();
        } catch (RuntimeException e) {
            log.error("Atrium did not start: {}", e.getMessage());
            System.exit(1);
        }
        if (Arrays.asList(args).contains("--demo-data")) {
            loadDemoData();
        }
        launcher.awaitExit();
    }

    /** The demo people, then the demo book, through the gateway; each only once however often this runs. */
    private static boolean loadDemoData() {
        // People first: the demo records name them as owners, assignees and teams.
        try {
            Tokens tokens = new Tokens(issuer());
            DemoDirectory.load(
                    ServiceSpec.named("gateway").baseUrl(),
                    tokens.clientCredentials("scim", DemoDirectory.SECRET),
                    tokens.user("admin", "admin"));
            DemoData.load(ServiceSpec.named("gateway").baseUrl(), tokens.user("admin", "admin"));
            return true;
        } catch (Exception e) {
            log.error("Demo people and data could not be loaded: {}", e.getMessage());
            return false;
        }
    }

    /** {@code token <user> [password]} prints an access token of a demo user of the running auth-server. */
    private static void printToken(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println(
                    "usage: ./atrium token <user> [password]   (demo users: admin, sales, sales2, manager, marketing, support,"
                            + " viewer)");
            System.exit(2);
        }
        String password = args.length > 2 ? args[2] : args[1];
        System.out.println(new Tokens(issuer()).user(args[1], password));
    }

    static List<ServiceSpec> selectServices(String[] args) {
        Set<String> wanted = Arrays.stream(args)
                .filter(a -> a.startsWith("--services="))
                .flatMap(a -> Stream.of(a.substring("--services=".length()).split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (wanted.isEmpty()) {
            return ServiceSpec.ALL;
        }
        List<ServiceSpec> selected =
                ServiceSpec.ALL.stream().filter(s -> wanted.contains(s.name())).toList();
        if (selected.size() != wanted.size()) {
            throw new IllegalArgumentException("Unknown service in " + wanted + "; known: "
                    + ServiceSpec.ALL.stream().map(ServiceSpec::name).toList());
        }
        return selected;
    }

    public void start() throws IOException {
        Instant started = Instant.now();
        Map<ServiceSpec, List<String>> commands = prepare();
        for (ServiceSpec service : services) {
            processes.put(service, launch(service, commands.get(service)));
        }
        for (ServiceSpec service : services) {
            awaitReady(service);
        }
        printSummary(bootstrap, postgres, Duration.between(started, Instant.now()));
    }

    /**
     * Starts Kafka, finds PostgreSQL, creates the databases and works out each service's command line — with its AOT
     * cache, made by a training run the first time a jar is seen (the trainings run side by side).
     */
    private Map<ServiceSpec, List<String>> prepare() throws IOException {
        Files.createDirectories(logs);
        bootstrap = kafka();
        postgres = LocalPostgres.locate("ATRIUM_JDBC_URL");
        for (ServiceSpec service : services) {
            if (service.hasDatabase()) {
                postgres.createDatabaseIfMissing(database(service));
            }
        }
        Map<ServiceSpec, CompletableFuture<List<String>>> pending = new LinkedHashMap<>();
        Map<ServiceSpec, List<String>> commands = new LinkedHashMap<>();
        try (ExecutorService preparing = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ServiceSpec service : services) {
                pending.put(service, CompletableFuture.supplyAsync(() -> command(service), preparing));
            }
            pending.forEach((service, command) -> commands.put(service, command.join()));
        }
        return commands;
    }

    /**
     * {@code --prepare}: makes every missing AOT cache (the slow part of the first start of new jars) and stops, so a
     * benchmark times a start like every later one.
     */
    public void prepareOnly() throws IOException {
        Instant started = Instant.now();
        prepare();
        log.info(
                "AOT caches ready in {} s (in {})",
                Duration.between(started, Instant.now()).toSeconds(),
                aot.folder());
    }

    private String kafka() {
        String given = System.getenv("ATRIUM_KAFKA_BOOTSTRAP_SERVERS");
        if (given != null && !given.isBlank()) {
            log.info("Using the Kafka broker at {}", given);
            return given;
        }
        int port = Integer.parseInt(
                System.getenv().getOrDefault("ATRIUM_KAFKA_PORT", String.valueOf(9092 + ServiceSpec.PORT_OFFSET)));
        log.info("Starting Kafka (KRaft) on port {} with data in {}", port, run.resolve("kafka"));
        kafka = new LocalKafka(port, run.resolve("kafka")).start();
        return kafka.bootstrapServers();
    }

    private Process launch(ServiceSpec service, List<String> command) throws IOException {
        if (stopping) {
            throw new IllegalStateException("stopping: " + service.name() + " is not started");
        }
        ProcessBuilder builder = process(service, command, logOf(service));
        log.info("Starting {} on port {} (log: {})", service.name(), service.port(), logOf(service));
        return builder.start();
    }

    /**
     * The java command line of a service: the shared JVM options, and on JDK 25 or newer the extracted jar with its
     * AOT cache under {@code <run>/aot}, trained now if missing. Anything failing there falls back to the plain jar.
     */
    private List<String> command(ServiceSpec service) {
        Path jar;
        List<String> options;
        try {
            jar = jar(service);
            options = JavaCommand.options(root, System.getenv("ATRIUM_JAVA_OPTIONS"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String java = java();
        JavaCommand plain = new JavaCommand(java, options, jar);
        if (!aotCacheWanted()) {
            return plain.run(null);
        }
        try {
            String key = AotCache.key(jar, Runtime.version().toString(), options);
            Path home = aot.home(service.name(), key);
            aot.forgetOthers(service.name(), key);
            Path extracted = AotCache.extractedJar(home);
            if (extracted == null) {
                extract(service, jar, home);
                extracted = AotCache.extractedJar(home);
            }
            JavaCommand command = new JavaCommand(java, options, extracted);
            Path cache = AotCache.cacheFile(home);
            if (!Files.isRegularFile(cache) && !train(service, command, cache)) {
                return command.run(null);
            }
            return command.run(cache);
        } catch (IOException | RuntimeException e) {
            log.warn("{}: no AOT cache ({}); starting the plain jar", service.name(), e.getMessage());
            return plain.run(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing " + service.name(), e);
        }
    }

    private boolean aotCacheWanted() {
        String configured = System.getenv("ATRIUM_AOT_CACHE");
        boolean off = configured != null && configured.strip().equalsIgnoreCase("off");
        return !off && aotCache && AotCache.supported(Runtime.version());
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void extract(ServiceSpec service, Path jar, Path home) throws IOException, InterruptedException {
        Path partial = home.resolveSibling(
                home.getFileName() + ".extracting-" + ProcessHandle.current().pid());
        AotCache.delete(partial);
        Files.createDirectories(partial);
        Path output = logs.resolve(service.name() + ".aot.log");
        Process process = new ProcessBuilder(JavaCommand.extract(java(), jar, partial.resolve("app")))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()))
                .start();
        helpers.add(process);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            AotCache.delete(partial);
            throw new IOException("extracting " + jar.getFileName() + " failed; see " + output);
        }
        try {
            Files.move(partial, home, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another launcher extracted the same jar meanwhile
            AotCache.delete(partial);
        }
    }

    /**
     * Runs the service once with its real configuration (database, broker) until its Spring context has refreshed,
     * and keeps the AOT cache the JVM writes then. Slower than a start, once per jar; false when it failed.
     */
    private boolean train(ServiceSpec service, JavaCommand command, Path cache)
            throws IOException, InterruptedException {
        Path partial = cache.resolveSibling(
                "app.aot.training-" + ProcessHandle.current().pid());
        Files.deleteIfExists(partial);
        Path output = logs.resolve(service.name() + ".aot.log");
        log.info("{}: first start of this jar: a training run makes its AOT cache (log: {})", service.name(), output);
        Instant started = Instant.now();
        Process process = process(service, command.train(partial), output).start();
        helpers.add(process);
        // As long as a start may take: eight trainings side by side on a busy two-core box take minutes.
        if (!process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            // The JVM forks a child to write the cache at exit; it goes too, or it would run on alone.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            log.warn("{}: the AOT training run took over {} s", service.name(), READY_TIMEOUT.toSeconds());
        }
        if (process.isAlive() || process.exitValue() != 0 || !Files.isRegularFile(partial)) {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(partial.resolveSibling(partial.getFileName() + ".config"));
            log.warn("{}: the AOT training run failed; starting without a cache (see {})", service.name(), output);
            return false;
        }
        Files.move(partial, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        log.info(
                "{}: AOT cache made in {} s",
                service.name(),
                Duration.between(started, Instant.now()).toSeconds());
        return true;
    }

    /** A service process with the platform's environment, its output appended to {@code output}. */
    private ProcessBuilder process(ServiceSpec service, List<String> command, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(extraEnvironment);
        env.put("SERVER_PORT", String.valueOf(service.port()));
        // Every process here would claim the same management port; locally the actuator stays on each API port.
        env.remove("ATRIUM_MANAGEMENT_PORT");
        env.put("ATRIUM_AUTH_ISSUER", issuer());
        env.putIfAbsent("ATRIUM_SECURITY_ISSUER", issuer());
        if (service.hasDatabase()) {
            env.put(service.jdbcUrlVariable(), postgres.urlFor(database(service)));
        }
        env.put("ATRIUM_JDBC_USER", postgres.user());
        env.put("ATRIUM_JDBC_PASSWORD", postgres.password());
        env.put("ATRIUM_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        if (service.name().equals("auth-server")) {
            // A developer's machine: the demo profile (demo users and secrets), and a key kept under the run folder
            // so tokens survive a restart of auth-server. Variables already set win.
            env.putIfAbsent("SPRING_PROFILES_ACTIVE", "demo");
            // The web app signs in from the gateway's origin, spelt either way a browser may open it (localhost or
            // 127.0.0.1: each is its own origin for the redirect and CORS), and from Vite's dev server (npm run dev).
            String gateway = ServiceSpec.named("gateway").baseUrl();
            env.putIfAbsent(
                    "ATRIUM_WEB_ORIGINS",
                    String.join(
                            ",", gateway, gateway.replace("//localhost:", "//127.0.0.1:"), "http://localhost:5173"));
            if (!env.containsKey("ATRIUM_AUTH_KEYS")) {
                env.put(
                        "ATRIUM_AUTH_KEYS",
                        SigningKeyFile.ensure(run.resolve("auth")).toString());
            }
        }
        // One gateway runs here, so its own memory counts each client's requests exactly (the gateway's default store);
        // sharing the buckets through Redis, ATRIUM_RATE_LIMIT_STORE=redis (Redis on localhost:6379 unless
        // SPRING_DATA_REDIS_HOST/PORT say otherwise), is for replicas and costs a round trip per request (issue 15).
        // A local platform is a developer's machine: webhooks may reach receivers on it, and reminders run every 5 s.
        env.putIfAbsent("ATRIUM_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128");
        env.putIfAbsent("ATRIUM_NOTIFICATIONS_CHECK_INTERVAL", "5s");
        for (ServiceSpec other : ServiceSpec.ALL) {
            // Where each service is, for the gateway's routes: ATRIUM_CONTACT_SERVICE_URL and so on.
            env.putIfAbsent(
                    "ATRIUM_" + other.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_URL", other.baseUrl());
        }
        return builder;
    }

    private String database(ServiceSpec service) {
        return databaseSuffix == null ? service.database() : service.database() + databaseSuffix;
    }

    /** The issuer services trust: Atrium's auth-server, unless ATRIUM_SECURITY_ISSUER names another provider. */
    private static String issuer() {
        String configured = System.getenv("ATRIUM_SECURITY_ISSUER");
        return configured == null || configured.isBlank()
                ? ServiceSpec.named("auth-server").baseUrl()
                : configured;
    }

    private Path jar(ServiceSpec service) throws IOException {
        Path target = root.resolve(service.module()).resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(p -> p.toString().endsWith(".jar"))
                        .filter(p -> !p.toString().endsWith("-plain.jar"))
                        .toList();
                if (jars.size() == 1) {
                    return jars.getFirst();
                }
            }
        }
        throw new IllegalStateException("No executable jar in " + target + "; build first (./atrium builds it)");
    }

    private void awaitReady(ServiceSpec service) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        // /readyz is on the API port whether or not the actuator has a port of its own.
        HttpRequest ready = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Process process = processes.get(service);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        service.name() + " exited with status " + process.exitValue() + "; see " + logOf(service));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    log.info("{} is ready", service.name());
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + service.name(), e);
            }
            try {
                process.waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + service.name(), e);
            }
        }
        throw new IllegalStateException(
                service.name() + " was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + logOf(service));
    }

    private void printSummary(String bootstrap, LocalPostgres.Server postgres, Duration took) {
        StringBuilder summary =
                new StringBuilder("\nAtrium is running (started in %d s).\n".formatted(took.toSeconds()));
        for (ServiceSpec service : services) {
            summary.append("  %-22s %s   ready %s/readyz   API docs %s/v3/api-docs%n"
                    .formatted(service.name(), service.baseUrl(), service.baseUrl(), service.baseUrl()));
        }
        summary.append("  %-22s %s%n".formatted("kafka", bootstrap));
        summary.append("  %-22s %s%n".formatted("postgresql", postgres.displayUrl()));
        summary.append("  %-22s %s%n".formatted("logs", logs));
        summary.append("""

                Get a token for an external system (client credentials, role sales):
                  curl -s -u integration:integration-secret -d grant_type=client_credentials %1$s/oauth2/token
                Get a demo user's token (authorization code + PKCE done for you):  ./atrium --no-build token sales
                  demo users: admin, sales, sales2, manager, marketing, support, viewer (read-only); password = user name
                Call the API through the gateway:  curl -H "Authorization: Bearer $TOKEN" %2$s/api/v1/contacts
                Press Ctrl-C to stop everything.
                """.formatted(issuer(), ServiceSpec.named("gateway").baseUrl()));
        System.out.print(summary);
    }

    /** Blocks until a service exits on its own (then everything stops) or the launcher is stopped. */
    private void awaitExit() {
        CompletableFuture.anyOf(processes.values().stream().map(Process::onExit).toArray(CompletableFuture[]::new))
                .join();
        if (stopping) {
            return;
        }
        processes.forEach((service, process) -> {
            if (!process.isAlive()) {
                log.error(
                        "{} stopped unexpectedly (status {}); see {}",
                        service.name(),
                        process.exitValue(),
                        logOf(service));
            }
        });
        System.exit(1);
    }

    /** Stops services gracefully (SIGTERM, then force after 20 s), then Kafka. */
    public void stop() {
        stopping = true;
        for (Process helper : helpers) {
            helper.descendants().forEach(ProcessHandle::destroy);
            helper.destroy();
        }
        List<ServiceSpec> running = new ArrayList<>(processes.keySet());
        for (ServiceSpec service : running) {
            Process process = processes.get(service);
            if (process.isAlive()) {
                log.info("Stopping {}", service.name());
                process.destroy();
            }
        }
        for (ServiceSpec service : running) {
            Process process = processes.get(service);
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (dropDatabasesOnStop && postgres != null) {
            for (ServiceSpec service : running) {
                if (service.hasDatabase()) {
                    postgres.dropDatabase(database(service));
                }
            }
        }
        LocalKafka broker = kafka;
        if (broker != null) {
            log.info("Stopping Kafka");
            broker.stop();
        }
    }

    private Path logOf(ServiceSpec service) {
        return logs.resolve(service.name() + ".log");
    }
}
