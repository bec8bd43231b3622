package dev.firebreak.aggregator;

import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.localstack.testing.TopicReader;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Contract messages as the services publish them, written to the test broker's topics. */
final class Messages {

    private Messages() {
    }

    static void signal(String kafka, String tenant, Subject subject, String code, Severity severity, double confidence,
                       Instant at, String eventId) {
        signal(kafka, tenant, subject, code, severity, confidence, at, null, eventId);
    }

    /** A signal that stops counting at {@code expiresAt} (null: never). */
    static void signal(String kafka, String tenant, Subject subject, String code, Severity severity, double confidence,
                       Instant at, Instant expiresAt, String eventId) {
        signal(kafka, tenant, subject, code, severity, confidence, at, expiresAt, eventId, "test");
    }

    /** A signal of a given detector (the kind of evidence a dismissal is measured against). */
    static void signal(String kafka, String tenant, Subject subject, String code, Severity severity, double confidence,
                       Instant at, Instant expiresAt, String eventId, String detector) {
        signal(kafka, tenant, subject, code, severity, confidence, at, expiresAt, eventId, detector,
                Map.of("explanation", code + " seen in test event " + eventId));
    }

    /** A signal with its own evidence. */
    static void signal(String kafka, String tenant, Subject subject, String code, Severity severity, double confidence,
                       Instant at, Instant expiresAt, String eventId, String detector, Map<String, Object> evidence) {
        RiskSignal signal = new RiskSignal(1, MessageIds.signalId(tenant, code, subject, detector, List.of(eventId)), null,
                tenant, subject, code, severity, confidence, at, expiresAt, "test-service", detector, evidence, List.of());
        TopicReader.write(kafka, "risk.signals", signal.messageKey(), json(signal));
    }

    /** The withdrawal of the signal {@link #signal} wrote for the same arguments: it stops counting at {@code at}. */
    static void withdraw(String kafka, String tenant, Subject subject, String code, Severity severity, double confidence,
                         Instant observedAt, String eventId, Instant at) {
        RiskSignal signal = new RiskSignal(1, MessageIds.signalId(tenant, code, subject, "test", List.of(eventId)), null,
                tenant, subject, code, severity, confidence, observedAt, null, "test-service", "test",
                Map.of("explanation", code + " seen in test event " + eventId), List.of()).withdrawn(at, "test withdrawal");
        TopicReader.write(kafka, "risk.signals", signal.messageKey(), json(signal));
    }

    static void observe(String kafka, String tenant, Subject subject, IdentifierType type, String value, String source,
                        Instant at) {
        EntityObservation o = new EntityObservation(1, MessageIds.observationId(tenant, subject, type, value, source),
                tenant, subject, type, value, at, source);
        TopicReader.write(kafka, "entity.observations", o.messageKey(), json(o));
    }

    static String json(Object message) {
        try {
            return ContractJson.mapper().writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
