package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.testing.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 29 on the whole suite: a worker with data in all four services (profile, document, platform events on its
 * account, payout account and transfers) is erased with one request to the aggregator; every service's GET answers
 * 404; every service confirms; a list import that would match the worker's name, a redelivered message and a replay of
 * the topics into an emptied aggregator store do not bring it back; a worker paid into the same bank account keeps its
 * data and its flags.
 */
@ExtendWith(SharedStack.class)
class ErasureIT {

    private static final String TENANT = "demo-marketplace";
    private static final String SHARED_IBAN = "DE89370400440532013000";
    /** The erased worker's name is on the list loaded after the erasure: re-screening would find it, were it held. */
    private static final String LIST = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CONSOLIDATED_LIST dateGenerated="2026-11-01T00:00:00.000Z"><INDIVIDUALS>
              <INDIVIDUAL><DATAID>9200001</DATAID><FIRST_NAME>RI</FIRST_NAME><SECOND_NAME>SONG GUK</SECOND_NAME>
                <REFERENCE_NUMBER>KPi.961</REFERENCE_NUMBER></INDIVIDUAL>
            </INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>
            """;

    private final LocalStack stack = SharedStack.stack();

    @Test
    void oneRequestErasesTheWorkerEverywhereForGood() throws Exception {
        String token = stack.token(TENANT);
        String erased = "w-" + UUID.randomUUID();
        String kept = "w-" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        hold(token, erased, "Ri Song Guk", account, Documents.polishPassport());
        hold(token, kept, "Margaret Oduya", "acct-" + UUID.randomUUID(), Documents.dprkPassport());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                assessment(kept, token).status() == 200 && codes(kept, token).contains("ID-10")
                        && assessment(erased, token).status() == 200);
        JsonNode keptBefore = Api.get(stack, "payments-service", "/api/v1/workers/" + kept + "/payments", token).body();
        // subject access first: one document from every service, each item with its purpose
        JsonNode export = Api.get(stack, "risk-aggregator", "/api/v1/workers/" + erased + "/export", token).body();
        assertTrue(export.path("complete").asBoolean(), export.toString());
        for (JsonNode part : export.path("services")) {
            assertEquals("HELD", part.path("status").asText(), part.toString());
            part.path("items").forEach(item -> assertTrue(!item.path("purpose").asText().isEmpty(), item.toString()));
        }
        assertEquals(4, export.path("services").size());
        assertTrue(export.toString().contains("Ri Song Guk") && export.toString().contains(account), export.toString());

        Api.Reply asked = Api.delete(stack, "risk-aggregator", "/api/v1/workers/" + erased, token);
        assertEquals(202, asked.status(), asked.body().toString());
        String id = asked.body().path("erasureId").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> "COMPLETE".equals(
                Api.get(stack, "risk-aggregator", "/api/v1/erasures/" + id, token).body().path("status").asText()));
        JsonNode status = Api.get(stack, "risk-aggregator", "/api/v1/erasures/" + id, token).body();
        assertEquals(List.of("identity-service", "payments-service", "platform-signals-detectors",
                        "platform-signals-service", "risk-aggregator"),
                status.path("confirmed").findValuesAsText("service").stream().sorted().toList(), status.toString());
        assertTrue(!status.path("requestedBy").asText().isEmpty());
        gone(erased, account, token);
        assertEquals(404, Api.get(stack, "risk-aggregator", "/api/v1/workers/" + erased + "/export", token).status());

        // the worker paid into the same account keeps its data and its flags
        assertEquals(200, Api.get(stack, "identity-service", "/api/v1/workers/" + kept + "/identity", token).status());
        assertEquals(keptBefore.path("payoutAccounts"), Api.get(stack, "payments-service",
                "/api/v1/workers/" + kept + "/payments", token).body().path("payoutAccounts"));
        assertTrue(codes(kept, token).contains("ID-10"));

        // a list import naming the erased worker: re-screening finds nobody to raise ID-09 about
        uploadList();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> Api.get(stack,
                "identity-service", "/api/v1/watchlists/rescreens", stack.token("operator")).body().path(0)
                .hasNonNull("finishedAt"));
        // a redelivered message about the worker, and new data about it through every API
        List<ConsumerRecord<String, String>> about = TopicReader.readAll(stack.kafka().bootstrapServers(), "risk.signals")
                .stream().filter(r -> r.value().contains(erased)).toList();
        assertTrue(!about.isEmpty(), "the worker's signals are still on the topic (they are suppressed, not deleted)");
        TopicReader.write(stack.kafka().bootstrapServers(), "risk.signals", about.getFirst().key(), about.getFirst().value());
        assertEquals(410, Api.post(stack, "identity-service", "/api/v1/profiles", token, profile(erased, "Ri Song Guk"))
                .status());
        assertEquals(410, Api.post(stack, "payments-service", "/api/v1/payout-accounts", token,
                payout(erased, "Ri Song Guk")).status());
        assertEquals(1, Api.post(stack, "platform-signals-service", "/api/v1/events", token,
                List.of(login(account, erased))).body().path("erased").asInt());

        // a replay of every topic into an emptied aggregator store
        stack.stop("risk-aggregator");
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.config().postgresPort()
                + "/risk_aggregator", "postgres", "unused")) {
            db.createStatement().execute("truncate signal, observation");
        }
        rewind("risk-aggregator", List.of("risk.signals", "entity.observations", "worker.erasures"));
        stack.restart("risk-aggregator");
        // the kept worker comes back from the replay with its flags; the erased one does not
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() ->
                assessment(kept, token).status() == 200 && codes(kept, token).contains("ID-10"));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() ->
                assessment(erased, token).status() == 404);
        gone(erased, account, token);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.config().postgresPort()
                + "/risk_aggregator", "postgres", "unused")) {
            var rows = db.createStatement().executeQuery(
                    "select count(*) from signal where worker_id = '" + erased + "' or account_id = '" + account + "'");
            rows.next();
            assertEquals(0, rows.getInt(1), "nothing of the erased worker was stored again");
        }
    }

    /** Every service's GET answers 404 for the worker (and the platform for its account). */
    private void gone(String worker, String account, String token) {
        assertEquals(404, assessment(worker, token).status());
        assertEquals(404, Api.get(stack, "identity-service", "/api/v1/workers/" + worker + "/identity", token).status());
        assertEquals(404, Api.get(stack, "payments-service", "/api/v1/workers/" + worker + "/payments", token).status());
        assertEquals(404, Api.get(stack, "platform-signals-service", "/api/v1/accounts/" + account + "/signals", token)
                .status());
    }

    /** Moves the group's committed offsets of the topics back to the beginning (the group is not running). */
    private void rewind(String group, List<String> topics) throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (var d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest()));
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
                return true;
            });
        }
    }

    /** A worker with data in all four services. */
    private void hold(String token, String worker, String name, String account, List<String> mrz) {
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/profiles", token, profile(worker, name)).status());
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/documents", token, Map.of("workerId", worker,
                "source", "hiring-portal", "documentType", "PASSPORT", "mrz", mrz)).status());
        assertEquals(200, Api.post(stack, "platform-signals-service", "/api/v1/events", token,
                List.of(login(account, worker))).status());
        assertEquals(201, Api.post(stack, "payments-service", "/api/v1/payout-accounts", token, payout(worker, name))
                .status());
        assertEquals(200, Api.post(stack, "payments-service", "/api/v1/transfers", token, List.of(Map.of(
                "transferId", "tr-" + UUID.randomUUID(), "occurredAt", "2026-11-10T10:00:00Z", "workerId", worker,
                "payer", Map.of("partyId", "client-erasure-it", "name", "Northwind Ltd", "kind", "CLIENT",
                        "account", Map.of("iban", "GB82WEST12345698765432")),
                "payee", Map.of("partyId", "party-" + worker, "name", name, "kind", "WORKER",
                        "account", Map.of("iban", SHARED_IBAN)),
                "amount", "800", "currency", "GBP", "method", "BANK_TRANSFER"))).status());
    }

    private static Map<String, Object> profile(String worker, String name) {
        return Map.of("workerId", worker, "source", "freelance-platform", "observedAt", "2026-11-01T09:00:00Z",
                "fullName", name, "location", Map.of("country", "GB"), "email", worker + "@example.org");
    }

    private static Map<String, Object> payout(String worker, String name) {
        return Map.of("workerId", worker, "workerName", name, "accountHolderName", name,
                "account", Map.of("iban", SHARED_IBAN), "status", "ACTIVE", "observedAt", "2026-11-20T10:00:00Z");
    }

    private static Map<String, Object> login(String account, String worker) {
        return Map.of("eventId", "e-" + UUID.randomUUID(), "type", "LOGIN", "accountId", account, "workerId", worker,
                "occurredAt", "2026-11-20T10:00:00Z", "ip", "198.51.100.20", "deviceId", "laptop-" + worker);
    }

    private Api.Reply assessment(String worker, String token) {
        return Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/assessment", token);
    }

    private List<String> codes(String worker, String token) {
        return assessment(worker, token).body().path("flags").findValuesAsText("code");
    }

    private void uploadList() {
        assertEquals(200, Http.send(HttpRequest.newBuilder(URI.create(stack.config().service("identity-service").url()
                        + "/api/v1/watchlists/un-xml")).header("Authorization", "Bearer " + stack.token("operator"))
                .header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(LIST, StandardCharsets.UTF_8)).build()).statusCode());
    }
}
