package dev.firebreak.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} zip resolved by Maven into local-stack/target/keycloak)
 * in a child process, storing its state in the stack's PostgreSQL. The realm is created through the admin API
 * on first start, so its secrets come from {@link Secrets} and never sit in a file of the distribution.
 */
public final class Keycloak implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackConfig config;
    private final Secrets secrets;
    private final Postgres postgres;
    private ChildProcess process;

    public Keycloak(StackConfig config, Secrets secrets, Postgres postgres) {
        this.config = config;
        this.secrets = secrets;
        this.postgres = postgres;
    }

    public static Path distribution(Path home) {
        Path unpacked = home.resolve("local-stack/target/keycloak");
        try (Stream<Path> dirs = Files.exists(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/kc.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Keycloak distribution missing under " + unpacked
                            + ": build local-stack first (./mvnw -pl local-stack package)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Keycloak start() {
        Ports.requireFree(config.keycloakPort(), "Keycloak");
        Ports.requireFree(config.keycloakManagementPort(), "Keycloak management");
        postgres.ensureDatabase("keycloak");
        Path dist = distribution(config.home());
        List<String> command = List.of(dist.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + config.keycloakPort(),
                "--http-management-port=" + config.keycloakManagementPort(),
                "--health-enabled=true",
                "--db=postgres",
                "--db-url=" + postgres.jdbcUrl("keycloak"),
                "--db-username=" + Postgres.USER,
                "--db-password=unused",
                "--cache=local",
                "--hostname-strict=false");
        process = ChildProcess.start("keycloak", command, Map.of(
                "JAVA_HOME", Java.home(),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx640m",
                "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", secrets.get("keycloak.admin")), dist, config.runDir());
        process.awaitReady(() -> Http.status("http://127.0.0.1:" + config.keycloakManagementPort() + "/health/ready")
                == 200, Duration.ofMinutes(5));
        ensureRealm();
        return this;
    }

    /** A client-credentials token from the realm's token endpoint. */
    public static String token(StackConfig config, Secrets secrets, String clientId) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(config.issuer()
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "client_credentials", "client_id", clientId,
                        "client_secret", secrets.get("client." + clientId))))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request for client " + clientId + " failed: HTTP "
                    + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureRealm() {
        String admin = adminToken();
        HttpResponse<String> existing = Http.send(HttpRequest.newBuilder(
                URI.create(config.keycloakUrl() + "/admin/realms/" + Realm.NAME))
                .header("Authorization", "Bearer " + admin).GET().build());
        if (existing.statusCode() == 200) {
            // made again from Realm as this version writes it (its clients, mappers and secrets), so that a stack
            // whose data outlived an upgrade never keeps an older realm
            HttpResponse<String> deleted = Http.send(HttpRequest.newBuilder(
                            URI.create(config.keycloakUrl() + "/admin/realms/" + Realm.NAME))
                    .header("Authorization", "Bearer " + admin).DELETE().build());
            if (deleted.statusCode() != 204) {
                throw new IllegalStateException("cannot replace realm: HTTP " + deleted.statusCode());
            }
        }
        HttpResponse<String> created = Http.send(HttpRequest.newBuilder(URI.create(config.keycloakUrl() + "/admin/realms"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Realm.representation(secrets, config.service("analyst-console").url()).toString())).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("cannot import realm: HTTP " + created.statusCode() + " " + created.body());
        }
    }

    private String adminToken() {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(config.keycloakUrl()
                        + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", secrets.get("keycloak.admin"))))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin login failed: HTTP " + response.statusCode());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return body.path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
