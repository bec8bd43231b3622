package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.Topics;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed event contract and the coverage answer on the real stack (issue 27): a platform event without what its
 * type requires is refused naming the field, on REST (400) and on the tenant's topic (a dead letter with the reason);
 * the coverage answer names the detectors the tenant's data feeds and the fields it never sends; and every service
 * serves the OpenAPI document committed beside its code. Platform events here are the {@code demo-emi} tenant's,
 * which no other system test sends, so its coverage is this test's own.
 */
@ExtendWith(SharedStack.class)
class ContractIT {

    private final LocalStack stack = SharedStack.stack();

    private static Map<String, Object> event(String type, String account) {
        Map<String, Object> e = new HashMap<>();
        e.put("eventId", "ct-" + UUID.randomUUID());
        e.put("type", type);
        e.put("accountId", account);
        e.put("occurredAt", Instant.now().minusSeconds(60).toString());
        return e;
    }

    @Test
    void anEventWithoutWhatItsTypeRequiresIsRefusedOnRestAndTopicAndCoverageSaysWhatTheTenantNeverSends() {
        String token = stack.token("demo-emi");
        String account = "ct-acct-" + UUID.randomUUID();
        Map<String, Object> rating = event("RATING", account);
        rating.put("rating", 5);
        Api.Reply refused = Api.post(stack, "platform-signals-service", "/api/v1/events", token,
                List.of(event("LOGIN", account), rating));
        assertEquals(400, refused.status(), refused.body().toString());
        assertEquals("[1].clientId", refused.body().path("errors").path(0).path("field").asText(), refused.body().toString());
        assertTrue(refused.body().path("errors").path(0).path("message").asText().contains("is required for a RATING event"));

        // the same on the tenant's own topic: a dead letter with the reason, and the next message goes on
        String kafka = stack.kafka().bootstrapServers();
        String run = UUID.randomUUID().toString();
        try {
            Map<String, Object> topicRating = new HashMap<>(rating);
            topicRating.put("eventId", "ct-topic-" + run);
            TopicReader.write(kafka, Topics.platformEvents("demo-emi"), account,
                    Api.JSON.writeValueAsString(topicRating));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                TopicReader.readAll(kafka, "platform.events.dlq").stream().anyMatch(r -> r.value() != null
                        && r.value().contains("ct-topic-" + run) && r.headers().lastHeader("dead-letter-reason") != null
                        && new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                        .startsWith("clientId: is required for a RATING event")));

        // what the tenant does send: an account created without a declared time zone, logins with IPs
        Map<String, Object> created = event("ACCOUNT_CREATED", account);
        created.put("workerId", "ct-worker-" + run);
        Map<String, Object> login = event("LOGIN", account);
        login.put("ip", "192.0.2.77");
        Api.Reply taken = Api.post(stack, "platform-signals-service", "/api/v1/events", token, List.of(created, login));
        assertEquals(200, taken.status(), taken.body().toString());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode coverage = Api.get(stack, "platform-signals-service", "/api/v1/coverage", token).body();
            return input(coverage, "LOGIN").path("received").asLong() >= 1
                    && input(coverage, "ACCOUNT_CREATED").path("received").asLong() >= 1;
        });
        JsonNode coverage = Api.get(stack, "platform-signals-service", "/api/v1/coverage", token).body();
        List<String> neverSent = new ArrayList<>();
        coverage.path("neverSent").forEach(n -> neverSent.add(n.asText()));
        assertTrue(neverSent.contains("ACCOUNT_CREATED.declaredTimezone"), neverSent.toString());
        assertTrue(neverSent.contains("PORT_CHECK"), neverSent.toString());
        assertTrue(!neverSent.contains("LOGIN.ip"), neverSent.toString());
        JsonNode pl10 = detector(coverage, "PL-10");
        JsonNode pl01 = detector(coverage, "PL-01");
        assertTrue(pl01.path("fed").asBoolean(), coverage.toString());
        assertTrue(!detector(coverage, "PL-09").path("fed").asBoolean()
                && detector(coverage, "PL-09").path("needs").toString().contains("PORT_CHECK"), coverage.toString());
        assertTrue(pl10.isObject(), coverage.toString());
    }

    @Test
    void everyServiceServesTheOpenApiDocumentCommittedBesideItsCode() throws Exception {
        for (String module : List.of("identity-service", "platform-signals-service", "payments-service", "risk-aggregator")) {
            Path committed = stack.config().home().resolve(module).resolve("src/main/openapi/openapi.yaml");
            String served = dev.firebreak.localstack.Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    stack.config().service(module).managementUrl() + "/q/openapi")).header("Accept", "application/yaml")
                    .GET().build()).body();
            assertEquals(Files.readString(committed, StandardCharsets.UTF_8), served, module
                    + " serves another OpenAPI document than " + committed);
        }
    }

    private static JsonNode input(JsonNode coverage, String kind) {
        for (JsonNode input : coverage.path("inputs")) {
            if (input.path("kind").asText().equals(kind)) {
                return input;
            }
        }
        return Api.JSON.missingNode();
    }

    private static JsonNode detector(JsonNode coverage, String code) {
        for (JsonNode d : coverage.path("detectors")) {
            if (d.path("code").asText().equals(code)) {
                return d;
            }
        }
        return Api.JSON.missingNode();
    }
}
