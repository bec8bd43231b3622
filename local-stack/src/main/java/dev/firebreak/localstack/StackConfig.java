package dev.firebreak.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the local stack keeps its state and which ports it uses. Defaults are DESIGN.md "Running it";
 * each is overridable by a system property or environment variable (FIREBREAK_KAFKA_PORT, ...).
 */
public record StackConfig(Path home, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                          int keycloakPort, int keycloakManagementPort, List<ServiceSpec> services) {

    public static StackConfig defaults(Path home) {
        Path data = Path.of(setting("firebreak.data", home.resolve(".firebreak").toString()));
        return new StackConfig(home, data,
                port("postgres", 5433), port("kafka", 9092), port("kafka.controller", 9093),
                port("keycloak", 8190), port("keycloak.management", 9190),
                List.of(service("identity-service", "identity", "identity", 8081),
                        service("platform-signals-service", "platform_signals", "platform", 8082),
                        service("payments-service", "payments", "payments", 8083),
                        service("risk-aggregator", "risk_aggregator", "aggregator", 8084),
                        service("analyst-console", null, "console", 8085)));
    }

    /** A stack on free ports with its own data folder, so tests never collide with a running stack. */
    public static StackConfig isolated(Path home, Path dataDir) {
        return new StackConfig(home, dataDir, Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                List.of(new ServiceSpec("identity-service", "identity", Ports.free(), Ports.free()),
                        new ServiceSpec("platform-signals-service", "platform_signals", Ports.free(), Ports.free()),
                        new ServiceSpec("payments-service", "payments", Ports.free(), Ports.free()),
                        new ServiceSpec("risk-aggregator", "risk_aggregator", Ports.free(), Ports.free()),
                        new ServiceSpec("analyst-console", null, Ports.free(), Ports.free())));
    }

    public String keycloakUrl() {
        return "http://localhost:" + keycloakPort;
    }

    public String issuer() {
        return keycloakUrl() + "/realms/" + Realm.NAME;
    }

    public ServiceSpec service(String module) {
        return services.stream().filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + module));
    }

    public Path runDir() {
        return dataDir.resolve("run");
    }

    /** A service on its API port (setting {@code firebreak.<name>.port}) and its management port (that + 1000). */
    private static ServiceSpec service(String module, String database, String name, int fallback) {
        int port = port(name, fallback);
        return new ServiceSpec(module, database, port, port(name + ".management", port + 1000));
    }

    private static int port(String name, int fallback) {
        return Integer.parseInt(setting("firebreak." + name + ".port", Integer.toString(fallback)));
    }

    private static String setting(String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase().replace('.', '_'));
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * One service of the suite: its Maven module, its database (null: it keeps none), its HTTP port (the API, what an
     * ingress exposes) and its management port (health, metrics, the OpenAPI document and Swagger UI; Quarkus's
     * management interface, which only operators and Prometheus reach).
     */
    public record ServiceSpec(String module, String database, int port, int managementPort) {
        public String url() {
            return "http://localhost:" + port;
        }

        public String managementUrl() {
            return "http://localhost:" + managementPort;
        }
    }
}
