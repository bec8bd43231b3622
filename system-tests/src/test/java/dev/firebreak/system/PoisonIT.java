package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.contract.Topics;
import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One tenant's bad input, through every REST API and every topic of the running suite, never stops, slows or blinds
 * another tenant: each REST poison is answered with a 4xx problem document and stores nothing, each topic poison is
 * dead-lettered with its reason, and then another tenant's canaries (a worker linked to a CRITICAL one gets NW-01, a
 * VPN login PL-08, a transfer to a high-risk destination PM-07) are detected within 60 s, with every service live and
 * ready. The answers are printed as a table (the closing note quotes it).
 */
@ExtendWith(SharedStack.class)
class PoisonIT {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private final LocalStack stack = SharedStack.stack();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> answers = new LinkedHashMap<>();

    @Test
    void noPoisonStopsAnotherTenant() throws Exception {
        String attacker = stack.token("demo-hiring");
        String attackerPlatform = stack.token("demo-platform");
        String operator = stack.token("operator");
        String poisoned = "poison-" + run;

        // identity-service
        rest("identity: JSON body of 2 MB with its Content-Length", 413, () -> post("identity-service",
                "/api/v1/documents", attacker, "{\"workerId\": \"" + "x".repeat(2_000_000) + "\"}"));
        rest("identity: JSON body of 31 MB, chunked", 413, () -> chunked("identity-service", "/api/v1/documents",
                attacker, 31 << 20));
        rest("identity: malformed JSON", 400, () -> post("identity-service", "/api/v1/profiles", attacker,
                "{\"workerId\": "));
        rest("identity: JSON nested 5,000 deep", 400, () -> post("identity-service", "/api/v1/profiles", attacker,
                "{\"workerId\":\"" + poisoned + "\",\"education\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"));
        rest("identity: profile name with U+0000", 400, () -> post("identity-service", "/api/v1/profiles", attacker,
                profile(poisoned, Map.of("fullName", "Ana\u0000Souza"))));
        rest("identity: profile time zone of 301 characters", 400, () -> post("identity-service", "/api/v1/profiles",
                attacker, profile(poisoned, Map.of("timezone", "Z".repeat(301)))));
        rest("identity: profile observed in year +999999999", 400, () -> post("identity-service", "/api/v1/profiles",
                attacker, profile(poisoned, Map.of("observedAt", "+999999999-12-31T23:59:59Z"))));
        rest("identity: attestation of an unknown kind", 400, () -> post("identity-service", "/api/v1/attestations",
                attacker, Map.of("workerId", poisoned, "kind", "TELEPORTED", "observedAt", T.toString())));
        rest("identity: worker id with a control character", 400, () -> post("identity-service", "/api/v1/profiles",
                attacker, profile("w\u0001" + run, Map.of())));
        rest("identity: zip bomb as the OFAC list (256 MiB of zeros)", 422, () -> put("identity-service",
                "/api/v1/watchlists/us-sdn-csv", operator, zipBomb()));
        rest("identity: 8 identical first POSTs racing", 201, () -> race("identity-service", "/api/v1/profiles",
                attacker, profile("racer-" + run, Map.of())));
        // platform-signals-service
        rest("platform: event in year 200000", 400, () -> post("platform-signals-service", "/api/v1/events",
                attackerPlatform, List.of(event(poisoned, Map.of("occurredAt", "+200000-01-01T00:00:00Z")))));
        rest("platform: declaredTimezone of 301 characters", 400, () -> post("platform-signals-service",
                "/api/v1/events", attackerPlatform, List.of(event(poisoned, Map.of("type", "ACCOUNT_CREATED",
                        "declaredTimezone", "Z".repeat(301))))));
        rest("platform: message text of 20,001 characters", 400, () -> post("platform-signals-service",
                "/api/v1/events", attackerPlatform, List.of(event(poisoned, Map.of("type", "MESSAGE",
                        "text", "x".repeat(20_001))))));
        rest("platform: unknown event type", 400, () -> post("platform-signals-service", "/api/v1/events",
                attackerPlatform, List.of(event(poisoned, Map.of("type", "TELEPORT")))));
        rest("platform: batch of 1,001 events", 400, () -> post("platform-signals-service", "/api/v1/events",
                attackerPlatform, Collections.nCopies(1_001, event(poisoned, Map.of()))));
        rest("platform: event id with U+0001", 400, () -> post("platform-signals-service", "/api/v1/events",
                attackerPlatform, List.of(event(poisoned, Map.of("eventId", "e\u0001" + run)))));
        rest("platform: body of 6 MB, chunked", 413, () -> chunked("platform-signals-service", "/api/v1/events",
                attackerPlatform, 6 << 20));
        // payments-service
        rest("payments: transfer in 1900", 400, () -> post("payments-service", "/api/v1/transfers", attacker,
                List.of(transfer("p1-" + run, "1900-01-01T00:00:00Z", "GB82WEST12345698765432", "300"))));
        rest("payments: transfer of a negative amount", 400, () -> post("payments-service", "/api/v1/transfers",
                attacker, List.of(transfer("p2-" + run, T.toString(), "GB82WEST12345698765432", "-5"))));
        rest("payments: batch of 1,001 transfers", 400, () -> post("payments-service", "/api/v1/transfers", attacker,
                Collections.nCopies(1_001, transfer("p3-" + run, T.toString(), "GB82WEST12345698765432", "3"))));
        rest("payments: payout account holder with U+0000", 400, () -> post("payments-service",
                "/api/v1/payout-accounts", attacker, Map.of("workerId", poisoned, "workerName", "Ana Souza",
                        "accountHolderName", "Ana\u0000", "account", Map.of("iban", "GB82WEST12345698765432"),
                        "observedAt", T.toString())));
        // risk-aggregator
        rest("aggregator: worker id with spaces and !", 400, () -> get("risk-aggregator",
                "/api/v1/workers/bad%20id!/assessment", attacker));
        rest("aggregator: asOf that is not a time", 400, () -> get("risk-aggregator",
                "/api/v1/workers/" + poisoned + "/assessment?asOf=yesterday", attacker));
        rest("aggregator: no token", 401, () -> get("risk-aggregator", "/api/v1/workers/" + poisoned + "/assessment",
                null));

        // the topics
        String kafka = stack.kafka().bootstrapServers();
        String tenantTopic = Topics.platformEvents("demo-platform");
        String farFuture = json(event("topic-far-" + run, Map.of("occurredAt", "+999999999-12-31T23:59:59Z")));
        TopicReader.write(kafka, tenantTopic, Map.of(), List.<String[]>of(new String[] {"topic-far-" + run, farFuture}));
        String manyTags = json(event("topic-tags-" + run, Map.of("type", "BID", "tags", Collections.nCopies(1_000, "x"))));
        TopicReader.write(kafka, tenantTopic, Map.of(), List.<String[]>of(new String[] {"topic-tags-" + run, manyTags}));
        TopicReader.write(kafka, Topics.PLATFORM_EVENTS, Map.of("tenant-id", "somebody-else"),
                List.<String[]>of(new String[] {"topic-claim-" + run, json(event("topic-claim-" + run, Map.of()))}));
        Subject zone = Subject.account("topic-zone-" + run);
        TopicReader.write(kafka, Topics.ENTITY_OBSERVATIONS, "demo-platform:acct:" + zone.accountId(), json(
                new EntityObservation(1, UUID.randomUUID(), "demo-platform", zone, IdentifierType.DECLARED_TIMEZONE,
                        "Z".repeat(301), T, "platform-signals-service")));
        Subject claimed = Subject.worker("topic-key-" + run);
        RiskSignal claiming = new RiskSignal(1, MessageIds.signalId("demo-emi", "PL-08", claimed, "t", List.of(run)),
                null, "demo-emi", claimed, "PL-08", Severity.MEDIUM, 0.9, T, null, "platform-signals-service", "t",
                Map.of(), List.of());
        TopicReader.write(kafka, Topics.RISK_SIGNALS, "demo-hiring:" + claimed.workerId(), json(claiming));
        TopicReader.write(kafka, Topics.RISK_SIGNALS, "demo-hiring:topic-json-" + run, "{ not json " + run);
        Map<String, String> deadLetters = Map.of(
                "topic: event in year +999999999 on the tenant's own topic", Topics.dlq(Topics.PLATFORM_EVENTS)
                        + " " + "topic-far-" + run,
                "topic: 1,000 tags on the tenant's own topic", Topics.dlq(Topics.PLATFORM_EVENTS) + " topic-tags-" + run,
                "topic: shared topic, a tenant-id header of a tenant not accepted there",
                Topics.dlq(Topics.PLATFORM_EVENTS) + " topic-claim-" + run,
                "topic: observation with a 301-character time zone", Topics.dlq(Topics.ENTITY_OBSERVATIONS)
                        + " demo-platform:acct:" + zone.accountId(),
                "topic: signal keyed for another tenant", Topics.dlq(Topics.RISK_SIGNALS) + " demo-hiring:"
                        + claimed.workerId(),
                "topic: signal that is not JSON", Topics.dlq(Topics.RISK_SIGNALS) + " demo-hiring:topic-json-" + run);

        // another tenant's canaries, sent right after the poisons
        String emi = stack.token("demo-emi");
        String critical = "canary-critical-" + run;
        String linked = "canary-linked-" + run;
        String email = "canary-" + run + "@example.org";
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/documents", emi,
                Documents.passport(critical, Documents.dprkPassport())).status());
        Api.Reply linkedProfile = Api.post(stack, "identity-service", "/api/v1/profiles", emi, profile(linked,
                Map.of("email", email, "fullName", "Lee Canary")));
        assertEquals(201, linkedProfile.status(), linkedProfile.body().toString());
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/profiles", emi, profile(critical,
                Map.of("email", email, "fullName", "Kim Canary"))).status());
        String vpnAccount = "canary-vpn-" + run;
        Map<String, Object> vpnLogin = event(vpnAccount, Map.of("ip", "192.0.2.44"));
        assertEquals(200, Api.post(stack, "platform-signals-service", "/api/v1/events", stack.token("demo-platform"),
                List.of(vpnLogin)).status());
        Api.Reply transfer = Api.post(stack, "payments-service", "/api/v1/transfers", emi, List.of(Map.of(
                "transferId", "canary-" + run, "occurredAt", T.toString(), "amount", "300", "currency", "GBP",
                "method", "BANK_TRANSFER",
                "payer", Map.of("partyId", "canary-payer-" + run, "name", "Payer Canary", "kind", "INDIVIDUAL",
                        "account", Map.of("iban", "GB82WEST12345698765432")),
                "payee", Map.of("partyId", "canary-payee-" + run, "name", "Payee Canary", "kind", "INDIVIDUAL",
                        "account", Map.of("number", "0071000123499", "bic", "BFTVVNVX", "country", "VN")))));
        assertEquals(200, transfer.status(), transfer.body().toString());

        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                codes(Api.get(stack, "risk-aggregator", "/api/v1/workers/" + linked + "/assessment", emi)).contains("NW-01"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> codes(Api.get(stack,
                "platform-signals-service", "/api/v1/accounts/" + vpnAccount + "/signals", stack.token("demo-platform")))
                .contains("PL-08"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                TopicReader.readAll(kafka, Topics.RISK_SIGNALS).stream().anyMatch(r ->
                        r.value().contains("canary-payee-" + run) && r.value().contains("\"PM-07\"")));
        long canariesMillis = (System.nanoTime() - started) / 1_000_000;

        // every dead letter with its reason
        Map<String, String> reasons = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String topic : List.of(Topics.dlq(Topics.PLATFORM_EVENTS), Topics.dlq(Topics.ENTITY_OBSERVATIONS),
                    Topics.dlq(Topics.RISK_SIGNALS))) {
                TopicReader.readAll(kafka, topic).forEach(r -> {
                    if (r.key() != null && r.headers().lastHeader("dead-letter-reason") != null) {
                        reasons.put(topic + " " + r.key(), new String(
                                r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
                    }
                });
            }
            return reasons.keySet().containsAll(deadLetters.values());
        });
        deadLetters.forEach((name, where) -> answers.put(name, "dead-lettered: " + reasons.get(where)));

        for (String module : List.of("identity-service", "platform-signals-service", "payments-service",
                "risk-aggregator")) {
            for (String probe : List.of("/q/health/live", "/q/health/ready")) {
                Api.Reply health = Api.management(stack, module, probe);
                assertEquals(200, health.status(), module + probe + " " + health.body());
            }
        }
        // nothing of the refused requests was stored
        assertEquals(404, Api.get(stack, "identity-service", "/api/v1/workers/" + poisoned + "/identity",
                attacker).status());
        assertEquals(404, Api.get(stack, "platform-signals-service", "/api/v1/accounts/" + poisoned + "/signals",
                attackerPlatform).status());

        StringBuilder table = new StringBuilder("| poison | answer |\n|---|---|\n");
        answers.forEach((name, answer) -> table.append("| ").append(name).append(" | ").append(answer).append(" |\n"));
        table.append("| canaries of another tenant (NW-01, PL-08, PM-07) | detected ").append(canariesMillis)
                .append(" ms after they were sent |\n");
        System.out.println(table);
        assertTrue(answers.size() >= 25, "a catalogue of at least 25 poisons: " + answers.size());
    }

    /** Runs a REST poison and records its answer; the status must be the expected one, the body a problem. */
    private void rest(String name, int expected, Supplier<Api.Reply> call) {
        Api.Reply reply = call.get();
        String problem = reply.body().path("detail").asText(reply.body().path("title").asText(""));
        answers.put(name, reply.status() + (problem.isBlank() ? "" : " " + oneLine(problem)));
        assertEquals(expected, reply.status(), name + ": " + reply.body());
        if (expected >= 400) {
            assertTrue(reply.contentType().startsWith("application/problem+json"), name + ": " + reply.contentType());
        }
    }

    private static String oneLine(String text) {
        String line = text.replace('\n', ' ').replace('|', '/');
        return line.length() > 140 ? line.substring(0, 140) + "…" : line;
    }

    private Api.Reply post(String module, String path, String token, Object body) {
        return Api.post(stack, module, path, token, body);
    }

    private Api.Reply get(String module, String path, String token) {
        return Api.get(stack, module, path, token);
    }

    private Api.Reply put(String module, String path, String token, byte[] body) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(stack.config().service(module).url()
                        + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        return reply(response);
    }

    /** A JSON body of {@code bytes} sent without a Content-Length, stopped by the server past its limit. */
    private Api.Reply chunked(String module, String path, String token, int bytes) {
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        int chunks = bytes / chunk.length;
        int[] sent = {0};
        InputStream body = new SequenceInputStream(new Enumeration<>() {
            public boolean hasMoreElements() {
                return sent[0] < chunks;
            }

            public InputStream nextElement() {
                return new java.io.ByteArrayInputStream(sent[0]++ == 0
                        ? "[{\"eventId\": \"".getBytes(StandardCharsets.US_ASCII) : chunk);
            }
        });
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create(stack.config().service(module).url() + path))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                            HttpResponse.BodyHandlers.ofString());
            return reply(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Eight identical first POSTs at once: one 201, the rest 200, never a 5xx. */
    private Api.Reply race(String module, String path, String token, Object body) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return Api.post(stack, module, path, token, body);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            Api.Reply created = null;
            for (Future<Api.Reply> reply : replies) {
                Api.Reply r = reply.get(60, TimeUnit.SECONDS);
                statuses.add(r.status());
                created = r.status() == 201 ? r : created;
            }
            statuses.sort(Integer::compare);
            assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 201), statuses);
            return created;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Api.Reply reply(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = response.body().isBlank() ? Api.JSON.nullNode() : Api.JSON.readTree(response.body());
        } catch (IOException e) {
            body = Api.JSON.getNodeFactory().textNode(response.body());
        }
        return new Api.Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body);
    }

    private static byte[] zipBomb() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("sdn.csv"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("alt.csv"));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, Object> profile(String worker, Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>(Map.of("workerId", worker, "source", "freelance-platform",
                "observedAt", T.toString(), "fullName", "Ana Souza"));
        p.putAll(overrides);
        return p;
    }

    private Map<String, Object> event(String account, Map<String, Object> overrides) {
        Map<String, Object> e = new HashMap<>(Map.of("eventId", "e-" + UUID.randomUUID(), "type", "LOGIN",
                "accountId", account, "occurredAt", T.toString()));
        e.putAll(overrides);
        return e;
    }

    private static Map<String, Object> transfer(String id, String at, String payerIban, String amount) {
        return Map.of("transferId", id, "occurredAt", at, "amount", amount, "currency", "GBP", "method", "BANK_TRANSFER",
                "payer", Map.of("partyId", "payer-" + id, "name", "Payer", "kind", "INDIVIDUAL",
                        "account", Map.of("iban", payerIban)),
                "payee", Map.of("partyId", "payee-" + id, "name", "Payee", "kind", "INDIVIDUAL",
                        "account", Map.of("iban", "DE89370400440532013000")));
    }

    private static List<String> codes(Api.Reply reply) {
        List<String> codes = new ArrayList<>();
        JsonNode list = reply.body().has("flags") ? reply.body().path("flags") : reply.body().path("signals");
        list.forEach(f -> codes.add(f.path("code").asText()));
        return codes;
    }

    private static String json(Object value) {
        try {
            return ContractJson.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
