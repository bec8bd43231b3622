package dev.firebreak.contract;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MessageIdsTest {

    @Test
    void signalIdIsDeterministicVersion5AndOrderInsensitive() {
        UUID a = MessageIds.signalId("t1", "PL-02", Subject.account("a1"), "ip-accounts", List.of("e1", "e2"));
        UUID b = MessageIds.signalId("t1", "PL-02", Subject.account("a1"), "ip-accounts", List.of("e2", "e1"));
        assertEquals(a, b);
        assertEquals(5, a.version());
    }

    @Test
    void everyInputChangesTheId() {
        UUID base = MessageIds.signalId("t1", "ID-10", Subject.worker("w1"), "dprk-nexus", List.of("d1"));
        assertNotEquals(base, MessageIds.signalId("t2", "ID-10", Subject.worker("w1"), "dprk-nexus", List.of("d1")));
        assertNotEquals(base, MessageIds.signalId("t1", "ID-07", Subject.worker("w1"), "dprk-nexus", List.of("d1")));
        assertNotEquals(base, MessageIds.signalId("t1", "ID-10", Subject.worker("w2"), "dprk-nexus", List.of("d1")));
        assertNotEquals(base, MessageIds.signalId("t1", "ID-10", Subject.account("w1"), "dprk-nexus", List.of("d1")));
        assertNotEquals(base, MessageIds.signalId("t1", "ID-10", Subject.worker("w1"), "other", List.of("d1")));
        assertNotEquals(base, MessageIds.signalId("t1", "ID-10", Subject.worker("w1"), "dprk-nexus", List.of("d2")));
    }

    @Test
    void messageKeysFollowTheDesign() {
        assertEquals("t1:w1", Subject.worker("w1").messageKey("t1"));
        assertEquals("t1:acct:a1", Subject.account("a1").messageKey("t1"));
        assertEquals("t1:party:p1", Subject.party("p1").messageKey("t1"));
        assertEquals("t1:w1", new Subject("w1", "a1", null).messageKey("t1"));
    }

    @Test
    void factoriesTakeTheCatalogueSeverityAndDeterministicIds() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        RiskSignal signal = RiskSignal.of("t1", Subject.worker("w1"), "PL-11", 0.9, t, "platform-signals-service",
                "shared-device", Map.of(), List.of(), List.of("e1"));
        assertEquals(Severity.HIGH, signal.severity());
        assertEquals(MessageIds.signalId("t1", "PL-11", Subject.worker("w1"), "shared-device", List.of("e1")),
                signal.signalId());
        Assertions.assertThrows(IllegalArgumentException.class, () -> RiskSignal.of("t1",
                Subject.worker("w1"), "XX-01", 0.9, t, "s", "d", Map.of(), List.of(), List.of("e1")));
        EntityObservation a = EntityObservation.of("t1", Subject.worker("w1"), IdentifierType.IP, "203.0.113.7", "e1", t, "s");
        EntityObservation b = EntityObservation.of("t1", Subject.worker("w1"), IdentifierType.IP, "203.0.113.7", "e1",
                t.plusSeconds(5), "s");
        assertEquals(a.observationId(), b.observationId());
    }
}
