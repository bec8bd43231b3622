package dev.firebreak.contract;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;

import java.util.Collection;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Deterministic, name-based (v5, SHA-1) ids of messages, so that replaying or reprocessing the same input
 * produces the same id and consumers de-duplicate on it.
 */
public final class MessageIds {

    /** Namespace of Firebreak's name-based ids; fixed forever, or every id changes. */
    public static final UUID NAMESPACE = UUID.fromString("5d1c3a0e-6c3f-4d8e-9a55-0f1bb2e7c001");

    private static final NameBasedGenerator GENERATOR = Generators.nameBasedGenerator(NAMESPACE);

    private MessageIds() {
    }

    /**
     * The {@code signalId} of DESIGN.md: a v5 UUID of tenant, code, subject, detector and the ids of the
     * triggering events (order-insensitive).
     */
    public static UUID signalId(String tenantId, String code, Subject subject, String detector,
                                Collection<String> triggeringEventIds) {
        return GENERATOR.generate(String.join("\u001f", "signal", tenantId, code, subject.canonical(), detector,
                String.join("\u001e", new TreeSet<>(triggeringEventIds))));
    }

    /** The message id of a signal's withdrawal ({@link RiskSignal#withdrawn}): one per signal, however often sent. */
    public static UUID withdrawalId(UUID signalId) {
        return GENERATOR.generate(String.join("\u001f", "withdrawal", signalId.toString()));
    }

    /** The {@code groupId} shared by the per-subject signals of one multi-subject detection. */
    public static UUID groupId(String tenantId, String code, String detector, Collection<String> triggeringEventIds) {
        return GENERATOR.generate(String.join("\u001f", "group", tenantId, code, detector,
                String.join("\u001e", new TreeSet<>(triggeringEventIds))));
    }

    /** Id of an observation: the same subject, identifier and originating record always give the same id. */
    public static UUID observationId(String tenantId, Subject subject, IdentifierType type, String value,
                                     String originId) {
        return GENERATOR.generate(String.join("\u001f", "observation", tenantId, subject.canonical(), type.name(),
                value, originId));
    }

    /** Id of a {@code risk.assessments} message: one per worker, tier, score and asOf. */
    public static UUID assessmentChangeId(AssessmentChanged change) {
        return GENERATOR.generate(String.join("\u001f", "assessment", change.tenantId(), change.workerId(),
                change.tier().name(), Double.toString(change.score()), change.asOf().toString()));
    }

    /** Id of the {@code watchlists.updated} message of one list import. */
    public static UUID watchlistVersionId(String source, long version) {
        return GENERATOR.generate(String.join("\u001f", "watchlist", source, Long.toString(version)));
    }

    /** Id of one service's confirmation of one erasure: the same however often the erasure is delivered. */
    public static UUID erasureConfirmationId(UUID erasureId, String service) {
        return GENERATOR.generate(String.join("\u001f", "erasure-confirmation", erasureId.toString(), service));
    }

    /** Id of an erasure's settled form on {@code worker.erasures} (the request's own id is the erasure id). */
    public static UUID erasureSettledId(UUID erasureId) {
        return GENERATOR.generate(String.join("\u001f", "erasure-settled", erasureId.toString()));
    }
}
