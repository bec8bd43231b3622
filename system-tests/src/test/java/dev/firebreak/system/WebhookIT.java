package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks on the whole suite (issue 27): a tenant's admin registers a receiver on this machine; a document that
 * makes a worker CRITICAL in identity-service reaches the receiver as a signed {@code assessment.changed}, retried
 * after a 500 with the same delivery id; another tenant's receiver never hears of it.
 */
@ExtendWith(SharedStack.class)
class WebhookIT {

    private final LocalStack stack = SharedStack.stack();

    private record Received(String path, String delivery, String signature, String body, int answered) {
    }

    @Test
    void aTierChangeReachesTheTenantsReceiverSignedAfterARetryAndNoOtherTenants() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger failFirst = new AtomicInteger(1);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            int status = path.equals("/hiring") && failFirst.getAndSet(0) == 1 ? 500 : 200;
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("Firebreak-Delivery"),
                    exchange.getRequestHeaders().getFirst("Firebreak-Signature"), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        String hiring = stack.token("demo-hiring");
        String platform = stack.token("demo-platform");
        String hiringHook = null;
        String platformHook = null;
        try {
            Api.Reply made = Api.post(stack, "risk-aggregator", "/api/v1/webhooks", hiring,
                    Map.of("url", base + "/hiring", "events", List.of("assessment.changed")));
            assertEquals(201, made.status(), made.body().toString());
            hiringHook = made.body().path("id").asText();
            String secret = made.body().path("secret").asText();
            Api.Reply other = Api.post(stack, "risk-aggregator", "/api/v1/webhooks", platform,
                    Map.of("url", base + "/platform", "events", List.of("assessment.changed")));
            assertEquals(201, other.status());
            platformHook = other.body().path("id").asText();
            // a destination inside the deployment's networks is refused (only loopback is allowed here)
            assertEquals(400, Api.post(stack, "risk-aggregator", "/api/v1/webhooks", hiring,
                    Map.of("url", "http://10.0.0.7/hook", "events", List.of("assessment.changed"))).status());

            String worker = "st-hook-" + UUID.randomUUID();
            assertEquals(201, Api.post(stack, "identity-service", "/api/v1/documents", hiring,
                    Documents.passport(worker, Documents.dprkPassport())).status());
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> received.stream()
                    .anyMatch(r -> r.path().equals("/hiring") && r.answered() == 200 && r.body().contains(worker)));
            List<Received> about = received.stream().filter(r -> r.body().contains(worker)).toList();
            Received refused = about.stream().filter(r -> r.answered() == 500).findFirst()
                    .orElseThrow(() -> new AssertionError("the first attempt was answered 500: " + about));
            Received accepted = about.stream().filter(r -> r.answered() == 200).findFirst().orElseThrow();
            assertEquals(refused.delivery(), accepted.delivery(), "retried as the same delivery");
            JsonNode event = Api.JSON.readTree(accepted.body());
            assertEquals("assessment.changed", event.path("type").asText());
            assertEquals(worker, event.path("workerId").asText());
            assertEquals("CRITICAL", event.path("tier").asText());
            assertTrue(event.path("flags").size() > 0, event.toString());
            assertTrue(verifies(accepted, secret), accepted.signature());
            assertTrue(about.stream().noneMatch(r -> r.path().equals("/platform")), "never to another tenant");
        } finally {
            for (String[] hook : new String[][] {{hiringHook, hiring}, {platformHook, platform}}) {
                if (hook[0] != null) {
                    Api.delete(stack, "risk-aggregator", "/api/v1/webhooks/" + hook[0], hook[1]);
                }
            }
            receiver.stop(0);
        }
    }

    private static boolean verifies(Received r, String secret) throws Exception {
        String t = null;
        String v1 = null;
        for (String part : r.signature().split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=") && v1 == null) {
                v1 = part.substring(3);
            }
        }
        assertTrue(t != null && Math.abs(Long.parseLong(t) - Instant.now().getEpochSecond()) < 600);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((t + "." + r.body()).getBytes(StandardCharsets.UTF_8))).equals(v1);
    }
}
