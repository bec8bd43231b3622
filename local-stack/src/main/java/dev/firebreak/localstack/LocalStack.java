package dev.firebreak.localstack;

import dev.firebreak.contract.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole suite on one machine: PostgreSQL (one database per service), a Kafka broker with the suite's
 * topics, Keycloak with the demo realm, then the four services' packaged jars trusting only that Keycloak.
 * {@code ./firebreak} and the system tests both start it through this class.
 */
public final class LocalStack implements AutoCloseable {

    private final StackConfig config;
    private final PrintStream log;
    private final Secrets secrets;
    private Postgres postgres;
    private KafkaBroker kafka;
    private Keycloak keycloak;
    private final List<ChildProcess> services = new ArrayList<>();
    private volatile boolean closed;

    private LocalStack(StackConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
        this.secrets = Secrets.load(config.dataDir());
    }

    /** Starts everything and returns once every service reports ready; on failure stops what it started. */
    public static LocalStack start(StackConfig config, PrintStream log) {
        LocalStack stack = new LocalStack(config, log);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        for (StackConfig.ServiceSpec service : config.services()) {
            if (!Files.exists(jar(service))) {
                throw new IllegalStateException("missing " + jar(service) + ": build the suite first (./mvnw -DskipTests package)");
            }
            Ports.requireFree(service.port(), service.module());
            Ports.requireFree(service.managementPort(), service.module() + " management");
        }
        long t0 = System.nanoTime();
        step("PostgreSQL on port " + config.postgresPort());
        postgres = Postgres.start(config.dataDir().resolve("postgres"), config.postgresPort());
        config.services().stream().filter(s -> s.database() != null).forEach(s -> postgres.ensureDatabase(s.database()));

        step("Kafka on port " + config.kafkaPort());
        kafka = new KafkaBroker(config.dataDir().resolve("kafka"), config.runDir(), config.kafkaPort(), config.kafkaControllerPort(),
                System.getProperty("java.class.path")).start();
        kafka.createTopics(Topics.ALL, 3);
        // each demo tenant's own platform-events topic (a deployment creates one per tenant that sends on Kafka)
        kafka.createTopics(Realm.TENANTS.stream().map(t -> Topics.platformEvents(t.id())).toList(), 3);

        step("Keycloak on port " + config.keycloakPort() + " (the first start builds its server: about a minute)");
        keycloak = new Keycloak(config, secrets, postgres).start();

        step("services " + String.join(", ", config.services().stream().map(StackConfig.ServiceSpec::module).toList()));
        for (StackConfig.ServiceSpec service : config.services()) {
            services.add(startService(service));
        }
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            ChildProcess process = services.get(i);
            StackConfig.ServiceSpec service = config.services().get(i);
            ready.add(CompletableFuture.runAsync(() -> awaitReady(process, service)));
        }
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        step(String.format("stack ready in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private static void awaitReady(ChildProcess process, StackConfig.ServiceSpec service) {
        process.awaitReady(() -> Http.status(service.managementUrl() + "/q/health/ready") == 200, Duration.ofMinutes(3));
    }

    /** Kills a service outright (SIGKILL), as a crash or an evicted pod would end it. */
    public synchronized void kill(String module) {
        services.get(index(module)).kill();
    }

    /** Stops a service gracefully (for a benchmark of another service on its own); {@link #restart} starts it again. */
    public synchronized void stop(String module) {
        services.get(index(module)).close();
    }

    /** Starts a service that was killed or stopped, and waits until it is ready. */
    public synchronized void restart(String module) {
        int i = index(module);
        if (services.get(i).isAlive()) {
            services.get(i).close();
        }
        StackConfig.ServiceSpec service = config.services().get(i);
        ChildProcess process = startService(service);
        services.set(i, process);
        awaitReady(process, service);
    }

    private int index(String module) {
        for (int i = 0; i < config.services().size(); i++) {
            if (config.services().get(i).module().equals(module)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no service " + module);
    }

    private ChildProcess startService(StackConfig.ServiceSpec service) {
        // The heap each service gets in k8s/base (the pod's memory limit times MaxRAMPercentage), committed at start as
        // there (InitialRAMPercentage): grown from 64 MB, a service under load collected its young generation of a few
        // MB several times a second and paused ~1 s in every 10 s of a benchmark's first seconds. MetaspaceSize
        // above what a started service loads: below it, every class loaded under load cost a full collection.
        String heap = switch (service.module()) {
            case "identity-service", "platform-signals-service" -> "768m"; // 75 % of 1 GiB; 50 % of 1.5 GiB
            case "risk-aggregator" -> "576m"; // 75 % of 768 MiB
            case "analyst-console" -> "192m"; // 75 % of 256 MiB
            default -> "384m"; // payments-service: 75 % of 512 MiB
        };
        List<String> command = new java.util.ArrayList<>(List.of(Java.executable(), "-Xms" + heap, "-Xmx" + heap,
                "-XX:MetaspaceSize=128m", "-XX:+UseSerialGC"));
        // extra JVM options for the services, e.g. a larger heap or GC logging for a benchmark; later options win
        String extra = System.getProperty("firebreak.stack.jvm-options", System.getenv().getOrDefault("FIREBREAK_STACK_JVM_OPTIONS", ""));
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar(service).toString()));
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(service.port()),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(service.managementPort()),
                "QUARKUS_DATASOURCE_JDBC_URL", service.database() == null ? "" : postgres.jdbcUrl(service.database()),
                "QUARKUS_DATASOURCE_USERNAME", Postgres.USER,
                "QUARKUS_DATASOURCE_PASSWORD", "unused",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_OIDC_AUTH_SERVER_URL", config.issuer(),
                "FIREBREAK_IDENTIFIERS_HMAC_KEY", secrets.get("identifiers.hmac-key"),
                // payments-service screens parties through identity-service as the realm's "screening" client
                "FIREBREAK_IDENTITY_URL", config.service("identity-service").url(),
                "FIREBREAK_SCREENING_CLIENT_SECRET", secrets.get("client.screening")));
        // platform-signals-service: its Streams state beside the stack's other data (kept across a restart, as a
        // pod's volume would be), and the tenants that may send on platform.events (the realm's)
        env.put("FIREBREAK_STATE_DIR", config.runDir().resolve(service.module() + "-streams").toString());
        Path vpnList = config.home().resolve("examples/ip/demo-vpn-ranges.txt");
        if (Files.exists(vpnList)) {
            env.put("FIREBREAK_IP_INTELLIGENCE_LISTS_VPN", vpnList.toString());
        }
        // the aggregator's webhooks: their secrets' key; destinations on this machine (loopback, plain http) allowed
        env.put("FIREBREAK_WEBHOOKS_SECRET_KEY", secrets.get("webhooks.secret-key"));
        env.put("FIREBREAK_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128");
        env.put("FIREBREAK_WEBHOOKS_ALLOW_HTTP", "true");
        // sanctions lists that refresh themselves (identity-service), when the caller names their addresses: a test's
        // local list server, or an operator's official addresses (source=url pairs, comma-separated)
        String listUrls = System.getProperty("firebreak.stack.watchlist-urls", "");
        if (!listUrls.isBlank()) {
            env.put("FIREBREAK_WATCHLISTS_REFRESH_URLS", listUrls);
        }
        // traces (issue 27): off unless the caller names an OTLP/HTTP collector (a test's receiver, or a developer's
        // Jaeger at http://localhost:4318); then every service exports its spans there, quickly (small batches)
        String otlp = System.getProperty("firebreak.stack.otlp-endpoint",
                System.getenv().getOrDefault("FIREBREAK_STACK_OTLP_ENDPOINT", ""));
        if (!otlp.isBlank()) {
            env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
            env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_TRACING_ENABLED", "true");
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlp);
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
            env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        }
        // the aggregator's subject-access export asks the other services
        env.put("FIREBREAK_PLATFORM_URL", config.service("platform-signals-service").url());
        env.put("FIREBREAK_PAYMENTS_URL", config.service("payments-service").url());
        // the analyst console: its Keycloak client, and the services it calls with the person's token
        env.put("FIREBREAK_CONSOLE_CLIENT_SECRET", secrets.get("client." + Realm.CONSOLE_CLIENT));
        env.put("FIREBREAK_AGGREGATOR_URL", config.service("risk-aggregator").url());
        env.put("FIREBREAK_PLATFORM_TOPIC_TENANTS", String.join(",", Realm.TENANTS.stream().map(Realm.Tenant::id).toList()));
        return ChildProcess.start(service.module(), command, env, config.home(), config.runDir());
    }

    public static Path jar(StackConfig config, StackConfig.ServiceSpec service) {
        return config.home().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private Path jar(StackConfig.ServiceSpec service) {
        return jar(config, service);
    }

    public StackConfig config() {
        return config;
    }

    public Secrets secrets() {
        return secrets;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** A client-credentials token of the demo realm (client = tenant, tenant-role, operator or screening). */
    public String token(String clientId) {
        return Keycloak.token(config, secrets, clientId);
    }

    /** Resident memory of every process of the stack, in MiB, by name (Linux /proc). */
    public Map<String, Long> residentMemoryMib() {
        Map<String, Long> rss = new java.util.LinkedHashMap<>();
        rss.put("launcher", rssMib(ProcessHandle.current().pid()));
        rss.put("kafka", kafka == null ? 0 : kafkaPid().map(LocalStack::rssMib).orElse(0L));
        rss.put("keycloak", keycloak == null || keycloak.process() == null ? 0
                : keycloak.process().isAlive() ? rssTree(keycloak.process().pid()) : 0);
        for (ChildProcess service : services) {
            rss.put(service.name(), rssMib(service.pid()));
        }
        rss.put("postgres", postgresRss());
        return rss;
    }

    /**
     * CPU time (user and system) every process of the stack has used so far, in ms, by name: the broker, each service,
     * and PostgreSQL with its backends (live ones, and those it has reaped). Linux /proc; Keycloak is left out.
     */
    public Map<String, Long> cpuMillis() {
        Map<String, Long> cpu = new java.util.LinkedHashMap<>();
        cpu.put("kafka", kafka == null ? 0 : kafkaPid().map(p -> cpuMillis(p, false)).orElse(0L));
        for (ChildProcess service : services) {
            cpu.put(service.name(), cpuMillis(service.pid(), false));
        }
        cpu.put("postgres", postgresPid()
                .map(p -> cpuMillis(p, true) + ProcessHandle.of(p).map(h -> h.descendants()
                        .mapToLong(d -> cpuMillis(d.pid(), false)).sum()).orElse(0L))
                .orElse(0L));
        return cpu;
    }

    private static java.util.Optional<Long> pidFromFile(Path file) {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readAllLines(file).getFirst().strip()));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** utime + stime (and the reaped children's, if asked) of /proc/pid/stat, at Linux's 100 ticks a second. */
    static long cpuMillis(long pid, boolean reapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (reapedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private java.util.Optional<Long> kafkaPid() {
        return pidFromFile(config.runDir().resolve("kafka.pid"));
    }

    private java.util.Optional<Long> postgresPid() {
        return pidFromFile(config.dataDir().resolve("postgres/postmaster.pid"));
    }

    private long postgresRss() {
        return postgresPid().map(LocalStack::rssTree).orElse(0L);
    }

    private static long rssTree(long pid) {
        return rssMib(pid) + ProcessHandle.of(pid).map(h -> h.descendants().mapToLong(d -> rssMib(d.pid())).sum()).orElse(0L);
    }

    static long rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private void step(String message) {
        log.println("[firebreak] " + message);
        log.flush();
    }
}
