package dev.firebreak.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageRoundTripTest {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final Instant T = Instant.parse("2026-11-20T10:15:30Z");

    private static JsonSchema schema(String name) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder ->
                builder.schemaMappers(m -> m.mapPrefix("https://firebreak.dev/schemas/",
                        "classpath:dev/firebreak/contract/schemas/")));
        return factory.getSchema(SchemaLocation.of("https://firebreak.dev/schemas/" + name));
    }

    private static RiskSignal signal() {
        Subject subject = Subject.worker("w-1");
        return new RiskSignal(RiskSignal.SCHEMA_VERSION,
                MessageIds.signalId("tenant-a", "ID-10", subject, "dprk-nexus", List.of("doc-1")),
                null, "tenant-a", subject, "ID-10", Severity.CRITICAL, 1.0, T, T.plusSeconds(3600),
                "identity-service", "dprk-nexus", Map.of("field", "nationality", "value", "PRK"), List.of("v1:abc"));
    }

    @Test
    void riskSignalRoundTripsAndMatchesItsSchema() throws Exception {
        RiskSignal original = signal();
        String json = JSON.writeValueAsString(original);
        assertEquals(original, JSON.readValue(json, RiskSignal.class));
        Set<ValidationMessage> errors = schema("risk-signal.v1.schema.json").validate(JSON.readTree(json));
        assertTrue(errors.isEmpty(), errors.toString());
        assertFalse(json.contains("groupId"), "absent optional fields are omitted");
    }

    @Test
    void schemaRejectsAnIncompleteSignal() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(JSON.writeValueAsString(signal()));
        node.remove("signalId");
        node.put("severity", "SEVERE");
        node.put("confidence", 1.5);
        Set<ValidationMessage> errors = schema("risk-signal.v1.schema.json").validate(node);
        assertEquals(3, errors.size(), errors.toString());
    }

    @Test
    void observationRoundTripsAndMatchesItsSchema() throws Exception {
        Subject subject = Subject.account("acct-9");
        EntityObservation original = new EntityObservation(EntityObservation.SCHEMA_VERSION,
                MessageIds.observationId("tenant-a", subject, IdentifierType.IP, "203.0.113.7", "evt-1"),
                "tenant-a", subject, IdentifierType.IP, "203.0.113.7", T, "platform-signals-service");
        String json = JSON.writeValueAsString(original);
        assertEquals(original, JSON.readValue(json, EntityObservation.class));
        assertTrue(schema("entity-observation.v1.schema.json").validate(JSON.readTree(json)).isEmpty());
        JsonNode node = JSON.readTree(json);
        assertEquals("acct-9", node.path("subject").path("accountId").asText());
        assertEquals("2026-11-20T10:15:30Z", node.path("observedAt").asText());
    }

    @Test
    void assessmentChangedRoundTripsAndMatchesItsSchema() throws Exception {
        AssessmentChanged original = new AssessmentChanged(AssessmentChanged.SCHEMA_VERSION, "tenant-a", "w-1",
                Tier.CRITICAL, Tier.CLEAR, 0.93, List.of("ID-10"), T);
        String json = JSON.writeValueAsString(original);
        assertEquals(original, JSON.readValue(json, AssessmentChanged.class));
        assertTrue(schema("assessment-changed.v1.schema.json").validate(JSON.readTree(json)).isEmpty());
    }

    @Test
    void watchlistsUpdatedRoundTripsAndMatchesItsSchema() throws Exception {
        WatchlistsUpdated original = WatchlistsUpdated.of("un-xml", 7, 1003, 2, 1, 4, "ab".repeat(32), T);
        String json = JSON.writeValueAsString(original);
        assertEquals(original, JSON.readValue(json, WatchlistsUpdated.class));
        assertTrue(schema("watchlists-updated.v1.schema.json").validate(JSON.readTree(json)).isEmpty());
        assertEquals(original.messageId(), WatchlistsUpdated.of("un-xml", 7, 0, 0, 0, 0, "cd".repeat(32), T).messageId());
        assertFalse(schema("watchlists-updated.v1.schema.json").validate(JSON.readTree(
                json.replace("un-xml", "eu-list"))).isEmpty());
    }

    @Test
    void unknownFieldsAreIgnoredForAdditiveChanges() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(JSON.writeValueAsString(signal()));
        node.put("addedLater", "x");
        assertEquals(signal(), JSON.treeToValue(node, RiskSignal.class));
    }

    @Test
    void invalidMessagesAreRejectedOnRead() {
        String noSubjectIds = """
                {"schemaVersion":1,"signalId":"%s","tenantId":"t","subject":{},"code":"ID-10","severity":"CRITICAL",
                 "confidence":1,"observedAt":"2026-11-20T10:15:30Z","source":"s","detector":"d","evidence":{}}
                """.formatted(UUID.randomUUID());
        assertThrows(Exception.class, () -> JSON.readValue(noSubjectIds, RiskSignal.class));
        String badConfidence = noSubjectIds.replace("\"subject\":{}", "\"subject\":{\"workerId\":\"w\"}")
                .replace("\"confidence\":1", "\"confidence\":2");
        assertThrows(Exception.class, () -> JSON.readValue(badConfidence, RiskSignal.class));
    }
}
