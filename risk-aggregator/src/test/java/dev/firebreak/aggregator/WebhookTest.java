package dev.firebreak.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.localstack.testing.LocalInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks per tenant (issue 27) against a real HTTP receiver on this machine: a tier change is POSTed signed
 * (verified here with the secret), retried after a 500 with the same delivery id, in order per worker, never to
 * another tenant; a failing endpoint is paused without holding up another tenant's; a replay sends a range again with
 * the events' own ids; a rotated secret signs beside the old one; bad input is a 400 or 404 and changes nothing; a
 * worker's erasure takes its events and deliveries.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class WebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private final String tenantA = "tenant-" + UUID.randomUUID();
    private final String tenantB = "tenant-" + UUID.randomUUID();
    private final String adminA = tenant(tenantA, "PLATFORM", "admin");
    private final String adminB = tenant(tenantB, "PLATFORM", "admin");
    private final String analystA = tenant(tenantA, "PLATFORM", "analyst");

    /** One request the receiver got: its path, headers that matter, body, and what it answered. */
    record Received(String path, String delivery, String signature, String body, int answered) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many more requests to /fails answers 500 before it answers 200. */
    private final AtomicInteger failures = new AtomicInteger();

    @BeforeEach
    void receiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", this::answer);
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = 204;
        if (path.startsWith("/fails") && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
        }
        if (path.startsWith("/hangs")) {
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        received.add(new Received(path, exchange.getRequestHeaders().getFirst("Firebreak-Delivery"),
                exchange.getRequestHeaders().getFirst("Firebreak-Signature"), body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private Response create(String admin, String url) {
        return given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("url", url, "events", List.of("assessment.changed"))).post("/api/v1/webhooks");
    }

    @Test
    void aChangeIsDeliveredSignedRetriedAfterA500InOrderPerWorkerAndNeverToAnotherTenant() throws Exception {
        Response made = create(adminA, url("/fails/a"));
        made.then().statusCode(201).header("Location", containsString("/api/v1/webhooks/"))
                .body("secret", startsWith("whsec_")).body("events[0]", equalTo("assessment.changed"));
        String secret = made.path("secret");
        String webhook = made.path("id");
        create(adminB, url("/b")).then().statusCode(201);

        // the first attempt gets a 500; meanwhile the worker's score rises again: the second change waits for the first
        failures.set(1);
        String worker = "w-hook-" + UUID.randomUUID();
        Messages.signal(kafka, tenantA, Subject.worker(worker), "PL-08", Severity.MEDIUM, 0.9, T, "e1-" + worker);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().anyMatch(r -> r.answered() == 500));
        Messages.signal(kafka, tenantA, Subject.worker(worker), "ID-07", Severity.HIGH, 0.9, T, "e2-" + worker);

        await().atMost(Duration.ofSeconds(60)).until(() -> delivered("/fails/a", worker).size() >= 2);
        List<Received> ok = delivered("/fails/a", worker);
        Received first = ok.get(0);
        Received failed = received.stream().filter(r -> r.answered() == 500).findFirst().orElseThrow();
        assertEquals(failed.delivery(), first.delivery(), "the retry carries the same delivery id");
        assertEquals(failed.body(), first.body());
        // the order of the changes, each acknowledged before the next was sent
        JsonNode one = first.json();
        JsonNode two = ok.get(1).json();
        assertEquals("assessment.changed", one.path("type").asText());
        assertEquals(worker, one.path("workerId").asText());
        assertTrue(one.path("previousTier").isNull(), one.toString());
        assertEquals(one.path("tier").asText(), two.path("previousTier").asText(), "in order: " + ok);
        assertTrue(two.path("score").asDouble() > one.path("score").asDouble());
        assertTrue(two.path("flags").toString().contains("ID-07"));
        assertFalse(one.path("id").asText().equals(two.path("id").asText()));
        assertTrue(Instant.parse(one.path("changedAt").asText()).isBefore(Instant.parse(two.path("changedAt").asText())));
        // signed under the secret: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
        for (Received r : ok) {
            assertTrue(verifies(r, secret), r.signature());
        }
        // never to another tenant's webhook
        assertTrue(received.stream().filter(r -> r.path().equals("/b")).noneMatch(r -> r.body().contains(worker)));

        // the deliveries as the tenant's admin reads them
        given().auth().oauth2(adminA).get("/api/v1/webhooks/{id}/deliveries", webhook).then().statusCode(200)
                .body("find { it.attempts == 2 }.lastStatus", equalTo(204))
                .body("find { it.attempts == 2 }.deliveredAt", notNullValue());
        given().auth().oauth2(adminA).get("/api/v1/webhooks/{id}", webhook).then().statusCode(200)
                .body("health.pending", equalTo(0)).body("health.consecutiveFailures", equalTo(0));

        // a replay of the range sends both again, in order, with the events' own ids, under new delivery ids
        int before = delivered("/fails/a", worker).size();
        given().auth().oauth2(adminA).contentType(ContentType.JSON)
                .body(Map.of("from", Instant.now().minusSeconds(300).toString(), "to", Instant.now().plusSeconds(1).toString()))
                .post("/api/v1/webhooks/{id}/replay", webhook).then().statusCode(202).body("queued", equalTo(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered("/fails/a", worker).size() >= before + 2);
        List<Received> replayed = delivered("/fails/a", worker).subList(before, before + 2);
        assertEquals(one.path("id"), replayed.get(0).json().path("id"));
        assertEquals(two.path("id"), replayed.get(1).json().path("id"));
        assertFalse(replayed.get(0).delivery().equals(first.delivery()));

        // a rotation: the new secret signs, and the previous one beside it during the grace period
        String rotated = given().auth().oauth2(adminA).post("/api/v1/webhooks/{id}/secret", webhook).then()
                .statusCode(200).body("previousSecretValidUntil", notNullValue()).extract().path("secret");
        assertFalse(rotated.equals(secret));
        String third = "w-hook-" + UUID.randomUUID();
        Messages.signal(kafka, tenantA, Subject.worker(third), "PL-08", Severity.MEDIUM, 0.9, T, "e3-" + third);
        await().atMost(Duration.ofSeconds(30)).until(() -> !delivered("/fails/a", third).isEmpty());
        Received afterRotation = delivered("/fails/a", third).getFirst();
        assertTrue(verifies(afterRotation, rotated) && verifies(afterRotation, secret), afterRotation.signature());

        // the worker's erasure takes its events and deliveries with it
        given().auth().oauth2(adminA).delete("/api/v1/workers/{id}", worker).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !given().auth().oauth2(adminA)
                .get("/api/v1/webhooks/{id}/deliveries", webhook).then().extract().body().asString().contains(worker));
    }

    @Test
    void aFailingEndpointIsPausedAndHoldsUpNobodyElse() {
        String hanging = create(adminA, url("/hangs")).then().statusCode(201).extract().path("id");
        create(adminB, url("/b")).then().statusCode(201);
        for (int i = 0; i < 6; i++) {
            String worker = "w-slow-" + i + "-" + UUID.randomUUID();
            Messages.signal(kafka, tenantA, Subject.worker(worker), "PL-08", Severity.MEDIUM, 0.9, T, "e-" + worker);
        }
        String other = "w-other-" + UUID.randomUUID();
        Messages.signal(kafka, tenantB, Subject.worker(other), "PL-08", Severity.MEDIUM, 0.9, T, "e-" + other);
        // the other tenant's change arrives while the hanging endpoint holds its (at most four) deliveries
        await().atMost(Duration.ofSeconds(10)).until(() -> !delivered("/b", other).isEmpty());
        // the hanging endpoint's deliveries time out; it is paused, its deliveries kept for later
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(adminA)
                .get("/api/v1/webhooks/{id}", hanging).then().extract().<Integer>path("health.consecutiveFailures") > 0);
        given().auth().oauth2(adminA).get("/api/v1/webhooks/{id}", hanging).then().statusCode(200)
                .body("health.pausedUntil", notNullValue()).body("health.lastError", equalTo("timed out"));
        assertTrue(given().auth().oauth2(adminA).get("/api/v1/webhooks/{id}", hanging).then().extract()
                .<Integer>path("health.pending") >= 2, "the rest wait");
        given().auth().oauth2(adminA).delete("/api/v1/webhooks/{id}", hanging).then().statusCode(204);
        given().auth().oauth2(adminA).get("/api/v1/webhooks/{id}", hanging).then().statusCode(404);
    }

    @Test
    void badInputIsRefusedAndChangesNothingAndAnotherTenantsWebhookDoesNotExist() {
        String id = create(adminA, url("/a")).then().statusCode(201).extract().path("id");
        for (String bad : List.of("ftp://127.0.0.1/x", "not a url", "http://10.1.2.3/hook", "http://169.254.169.254/latest",
                "http://user:pw@127.0.0.1/x", "http://[::1]:1/x#frag", "http://host.invalid/x")) {
            create(adminA, bad).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("url"));
        }
        given().auth().oauth2(adminA).contentType(ContentType.JSON)
                .body(Map.of("url", url("/a"), "events", List.of("worker.hired"))).post("/api/v1/webhooks")
                .then().statusCode(400);
        given().auth().oauth2(adminA).contentType(ContentType.JSON)
                .body(Map.of("url", url("/a"), "events", List.of())).post("/api/v1/webhooks").then().statusCode(400);
        given().auth().oauth2(adminA).contentType(ContentType.JSON).body("{not json").post("/api/v1/webhooks")
                .then().statusCode(400);
        // only the tenant's admin
        create(analystA, url("/a")).then().statusCode(403);
        given().auth().oauth2(analystA).get("/api/v1/webhooks").then().statusCode(403);
        // another tenant's webhook, and no webhook at all: 404
        given().auth().oauth2(adminB).get("/api/v1/webhooks/{id}", id).then().statusCode(404);
        given().auth().oauth2(adminB).delete("/api/v1/webhooks/{id}", id).then().statusCode(404);
        given().auth().oauth2(adminB).post("/api/v1/webhooks/{id}/secret", id).then().statusCode(404);
        given().auth().oauth2(adminA).get("/api/v1/webhooks/{id}", "not-a-uuid").then().statusCode(404);
        // a replay range the wrong way round, or older than the events kept
        given().auth().oauth2(adminA).contentType(ContentType.JSON)
                .body(Map.of("from", "2026-11-20T10:00:00Z", "to", "2026-11-20T09:00:00Z"))
                .post("/api/v1/webhooks/{id}/replay", id).then().statusCode(400);
        given().auth().oauth2(adminA).contentType(ContentType.JSON)
                .body(Map.of("from", "2020-01-01T00:00:00Z", "to", Instant.now().toString()))
                .post("/api/v1/webhooks/{id}/replay", id).then().statusCode(400);
        given().auth().oauth2(adminA).contentType(ContentType.JSON).body(Map.of("from", "yesterday", "to", "today"))
                .post("/api/v1/webhooks/{id}/replay", id).then().statusCode(400);
        // nothing changed: one webhook for A (its secret never shown again), none for B
        given().auth().oauth2(adminA).get("/api/v1/webhooks").then().statusCode(200).body("$", hasSize(1))
                .body("[0].secret", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(adminB).get("/api/v1/webhooks").then().statusCode(200).body("$", hasSize(0));
    }

    /** The 2xx-answered deliveries to {@code path} about the worker, in the order they arrived. */
    private List<Received> delivered(String path, String worker) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.path().equals(path) && r.answered() / 100 == 2 && r.body().contains("\"" + worker + "\"")) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether one of the header's v1 signatures is the HMAC-SHA256 of "t.body" under the secret. */
    private static boolean verifies(Received r, String secret) throws Exception {
        String t = null;
        List<String> signatures = new ArrayList<>();
        for (String part : r.signature().split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                signatures.add(part.substring(3));
            }
        }
        assertTrue(t != null && Math.abs(Long.parseLong(t) - Instant.now().getEpochSecond()) < 600, r.signature());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        return signatures.contains(expected);
    }
}
