package dev.firebreak.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code ./firebreak demo|up|token|down|help}: the suite on one machine. */
public final class Cli {

    private static final PrintStream OUT = System.out;

    private Cli() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("firebreak.home", ".")).toAbsolutePath().normalize();
        StackConfig config = StackConfig.defaults(home);
        String command = args.length == 0 ? "help" : args[0];
        try {
            int code = switch (command) {
                case "demo" -> demo(config);
                case "up" -> up(config);
                case "token" -> token(config, args);
                case "user" -> user(config, args);
                case "down" -> down(config);
                case "help", "-h", "--help" -> help();
                default -> {
                    System.err.println("unknown command '" + command + "'\n");
                    help();
                    yield 2;
                }
            };
            System.exit(code);
        } catch (RuntimeException e) {
            System.err.println("firebreak " + command + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static int demo(StackConfig config) {
        List<Demo.Scenario> scenarios = Demo.scenarios(config.home().resolve("examples"));
        if (running(config)) {
            OUT.println("[firebreak] loading the examples into the running stack");
            return report(new Demo(config, Secrets.load(config.dataDir())).run(scenarios, OUT, Duration.ofSeconds(90)));
        }
        long t0 = System.nanoTime();
        try (LocalStack stack = startWithPidFile(config)) {
            OUT.println("[firebreak] loading " + scenarios.size() + " example scenarios through the public APIs");
            List<Demo.Row> rows = new Demo(config, stack.secrets()).run(scenarios, OUT, Duration.ofSeconds(90));
            OUT.printf("[firebreak] stack memory (RSS MiB): %s%n", stack.residentMemoryMib());
            OUT.printf("[firebreak] demo done in %.1f s; stopping%n", (System.nanoTime() - t0) / 1e9);
            return report(rows);
        } finally {
            deletePidFile(config);
        }
    }

    private static int report(List<Demo.Row> rows) {
        return rows.stream().allMatch(Demo.Row::asExpected) ? 0 : 3;
    }

    static int up(StackConfig config) {
        if (running(config)) {
            OUT.println("[firebreak] a stack is already running (./firebreak down stops it)");
            return 1;
        }
        LocalStack stack = startWithPidFile(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            OUT.println("\n[firebreak] stopping");
            stack.close();
            deletePidFile(config);
        }));
        OUT.println();
        for (StackConfig.ServiceSpec service : config.services()) {
            if (service.module().equals("analyst-console")) {
                OUT.printf("  %-26s %s   (log in as ./firebreak user demo-platform)%n", service.module(), service.url());
            } else {
                OUT.printf("  %-26s %s   (Swagger UI, health, metrics: %s/q/swagger-ui, /q/health, /q/metrics)%n",
                        service.module(), service.url(), service.managementUrl());
            }
        }
        OUT.printf("  %-26s %s   (realm %s)%n", "keycloak", config.keycloakUrl(), Realm.NAME);
        OUT.printf("  %-26s 127.0.0.1:%d%n", "kafka", config.kafkaPort());
        OUT.printf("  %-26s jdbc:postgresql://127.0.0.1:%d (user postgres)%n", "postgresql", config.postgresPort());
        OUT.println("\n  token:  ./firebreak token demo-hiring      data: " + config.dataDir());
        OUT.println("  Ctrl-C or ./firebreak down stops everything.");
        OUT.flush();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static int token(StackConfig config, String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ./firebreak token TENANT [ROLE]   (TENANT: demo-hiring, demo-platform, demo-emi, demo-marketplace, "
                    + "operator or screening; ROLE: ingest, analyst or admin)");
            return 2;
        }
        String tenant = args[1];
        String role = args.length == 3 ? args[2] : null;
        Set<String> known = new java.util.HashSet<>(Set.of("operator", "screening"));
        Realm.TENANTS.forEach(t -> known.add(t.id()));
        if (!known.contains(tenant)) {
            System.err.println("unknown tenant '" + tenant + "'; one of " + known);
            return 2;
        }
        if (role != null && (tenant.equals("operator") || tenant.equals("screening") || !Realm.TENANT_ROLES.contains(role))) {
            System.err.println("ROLE applies to the demo tenants and is one of " + Realm.TENANT_ROLES);
            return 2;
        }
        if (Http.status(config.issuer()) != 200) {
            System.err.println("no Keycloak answers at " + config.keycloakUrl() + ": start the stack with ./firebreak up");
            return 1;
        }
        OUT.println(Keycloak.token(config, Secrets.load(config.dataDir()), Realm.clientId(tenant, role)));
        return 0;
    }

    /**
     * {@code ./firebreak user TENANT [ROLE]}: a demo person's user name and password for the analyst console (Keycloak's
     * login page), alone on the last line. ROLE defaults to analyst; TENANT {@code operator} is the operator person.
     */
    static int user(StackConfig config, String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ./firebreak user TENANT [ROLE]   (TENANT: "
                    + String.join(", ", Realm.TENANTS.stream().map(Realm.Tenant::id).toList())
                    + " or operator; ROLE: " + String.join(", ", Realm.TENANT_ROLES) + ", default analyst)");
            return 2;
        }
        String tenant = args[1];
        String role = args.length == 3 ? args[2] : "analyst";
        String username;
        if (tenant.equals(Realm.OPERATOR_PERSON)) {
            if (args.length == 3) {
                System.err.println("the operator person has no tenant role");
                return 2;
            }
            username = Realm.OPERATOR_PERSON;
        } else if (Realm.TENANTS.stream().noneMatch(t -> t.id().equals(tenant))) {
            System.err.println("unknown tenant '" + tenant + "'; one of "
                    + Realm.TENANTS.stream().map(Realm.Tenant::id).toList() + " or operator");
            return 2;
        } else if (!Realm.TENANT_ROLES.contains(role)) {
            System.err.println("ROLE is one of " + Realm.TENANT_ROLES);
            return 2;
        } else {
            username = Realm.username(tenant, role);
        }
        OUT.println(username + " " + Secrets.load(config.dataDir()).get(Realm.passwordSecret(username)));
        return 0;
    }

    /**
     * Stops everything the stack started, whatever state it is in: the launcher first (it stops its processes in
     * order), then every process a pid file names that is still alive, with its child processes (Keycloak's script
     * and its JVM), then PostgreSQL. What survives SIGTERM gets SIGKILL. It then checks that the processes are gone and
     * the stack's ports are free, and says what it could not stop (exit 1).
     */
    static int down(StackConfig config) {
        Path run = config.runDir();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(run)) {
            try (Stream<Path> pids = Files.list(run)) {
                pids.filter(p -> p.toString().endsWith(".pid")).sorted(Comparator.comparing(
                        (Path p) -> !p.getFileName().toString().equals("launcher.pid"))).forEach(files::add);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Path postmaster = config.dataDir().resolve("postgres/postmaster.pid");
        // every process of the stack and its children, found before anything is stopped (a launcher stopped first
        // may leave its children to the init process, where only this list still finds them)
        Map<Path, List<ProcessHandle>> targets = new LinkedHashMap<>();
        for (Path file : files) {
            PidFile.process(file).ifPresent(h -> targets.put(file, tree(h)));
        }
        if (Files.exists(postmaster)) {
            PidFile.pid(postmaster).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .ifPresent(h -> targets.put(postmaster, tree(h)));
        }
        targets.forEach((file, tree) -> {
            // the launcher has a minute for an orderly stop; the rest are what it left, or what outlived it
            Duration grace = file.getFileName().toString().equals("launcher.pid") ? Duration.ofSeconds(60)
                    : Duration.ofSeconds(20);
            tree.stream().filter(ProcessHandle::isAlive).findFirst().ifPresent(root -> ChildProcess.stop(root, grace));
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        });
        List<String> survivors = new ArrayList<>();
        targets.forEach((file, tree) -> {
            for (ProcessHandle h : tree) {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    survivors.add("pid " + h.pid() + " (" + file.getFileName() + ")");
                }
            }
        });
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                survivors.add("cannot delete " + file);
            }
        }
        List<Integer> busy = busyPorts(config);
        if (!survivors.isEmpty() || !busy.isEmpty()) {
            OUT.println("[firebreak] could not stop everything:"
                    + (survivors.isEmpty() ? "" : " still running " + String.join(", ", survivors) + ";")
                    + (busy.isEmpty() ? "" : " ports still in use " + busy + " (by processes the stack did not start,"
                    + " or that it cannot see)"));
            return 1;
        }
        OUT.println(targets.isEmpty() ? "[firebreak] no stack was running"
                : "[firebreak] stack stopped (" + targets.size() + " processes and their children)");
        return 0;
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /** The stack's ports that something still listens on. */
    static List<Integer> busyPorts(StackConfig config) {
        List<Integer> ports = new ArrayList<>(List.of(config.postgresPort(), config.kafkaPort(),
                config.kafkaControllerPort(), config.keycloakPort(), config.keycloakManagementPort()));
        config.services().forEach(s -> {
            ports.add(s.port());
            ports.add(s.managementPort());
        });
        List<Integer> busy = new ArrayList<>();
        for (int port : ports) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
                busy.add(port);
            } catch (IOException free) {
                // nothing listens
            }
        }
        return busy;
    }

    static int help() {
        OUT.println("""
                firebreak — finds DPRK IT workers posing as freelancers (UK OFSI advisory red flags)

                  ./firebreak demo                 build what is missing, start the local stack (PostgreSQL, Kafka,
                                                   Keycloak, the services and the console), load examples/ through the public
                                                   APIs with real tokens, print each worker's assessment, stop.
                                                   With a stack already up, loads into that one and leaves it running.
                  ./firebreak up                   start the stack and keep it running; prints the URLs.
                                                   Ports: identity 8081, platform 8082, payments 8083,
                                                   aggregator 8084, analyst console 8085, Keycloak 8190, Kafka 9092, PostgreSQL 5433
                                                   (override with FIREBREAK_IDENTITY_PORT, FIREBREAK_KAFKA_PORT, ...).
                  ./firebreak token TENANT [ROLE]  a bearer token from the running Keycloak, alone on the last line.
                                                   TENANT: demo-hiring, demo-platform, demo-emi, demo-marketplace,
                                                   operator, screening;
                                                   ROLE (tenants only): ingest, analyst or admin (default: all three).
                  ./firebreak user TENANT [ROLE]   a demo person's user name and password for the analyst console
                                                   (http://localhost:8085), alone on the last line. ROLE: ingest,
                                                   analyst (default) or admin; TENANT operator: the operator.
                  ./firebreak down                 stop a running stack (also what a killed launcher left behind).
                  ./firebreak help                 this text.

                State lives under .firebreak/ (FIREBREAK_DATA to move it); delete it to start afresh.
                Example:
                  curl -H "Authorization: Bearer $(./firebreak token demo-hiring | tail -1)" \\
                       http://localhost:8084/api/v1/workers/cand-kim-01/assessment
                """);
        return 0;
    }

    private static LocalStack startWithPidFile(StackConfig config) {
        try {
            Files.createDirectories(config.runDir());
            PidFile.write(config.runDir().resolve("launcher.pid"), ProcessHandle.current());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return LocalStack.start(config, OUT);
    }

    private static boolean running(StackConfig config) {
        Path launcher = config.runDir().resolve("launcher.pid");
        return PidFile.process(launcher).filter(h -> h.pid() != ProcessHandle.current().pid()).isPresent();
    }

    private static void deletePidFile(StackConfig config) {
        try {
            Files.deleteIfExists(config.runDir().resolve("launcher.pid"));
        } catch (IOException ignored) {
            // a stale pid file is checked for liveness before use
        }
    }
}
