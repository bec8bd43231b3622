package dev.firebreak.aggregator.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.aggregator.evidence.EvidenceStore;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.evidence.SubjectEvidence;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Subject;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Consumes {@code risk.signals} and {@code entity.observations}. Each message is stored in its own transaction
 * before the offset is committed; a message that cannot be read (bad JSON, breaks the contract, unknown code)
 * throws, and the channel's dead-letter strategy moves it to {@code <topic>.dlq} with the error attached,
 * so the partition never blocks.
 */
@ApplicationScoped
public class SignalConsumer {

    private final EvidenceStore store;
    private final CatalogueAdapter catalogue;
    private final MeterRegistry metrics;
    private final Links links;
    private final AssessmentRefresh refresh;

    public SignalConsumer(EvidenceStore store, CatalogueAdapter catalogue, MeterRegistry metrics, Links links,
                          AssessmentRefresh refresh) {
        this.store = store;
        this.catalogue = catalogue;
        this.metrics = metrics;
        this.links = links;
        this.refresh = refresh;
    }

    @Incoming("risk-signals")
    @Blocking
    @Transactional
    public void onSignal(String payload) throws JsonProcessingException {
        RiskSignal signal = ContractJson.mapper().readValue(payload, RiskSignal.class);
        if (!catalogue.known(signal.code())) {
            throw new IllegalArgumentException("unknown red-flag code " + signal.code());
        }
        StoredSignal row = subjectOf(new StoredSignal(), signal.tenantId(), signal.subject(), signal.source(),
                signal.observedAt());
        row.signalId = signal.signalId();
        row.groupId = signal.groupId();
        row.code = signal.code();
        row.severity = signal.severity().name();
        row.confidence = signal.confidence();
        row.expiresAt = signal.expiresAt();
        row.detector = signal.detector();
        row.evidence = ContractJson.mapper().writeValueAsString(signal.evidence());
        boolean isNew = store.store(row);
        metrics.counter("firebreak.signals.consumed", "outcome", isNew ? "stored" : "duplicate").increment();
        if (isNew) {
            refresh.refresh(row.tenantId, links.owners(row.tenantId, row.workerId, row.accountId, row.partyId));
        }
    }

    @Incoming("entity-observations")
    @Blocking
    @Transactional
    public void onObservation(String payload) throws JsonProcessingException {
        EntityObservation observation = ContractJson.mapper().readValue(payload, EntityObservation.class);
        StoredObservation row = subjectOf(new StoredObservation(), observation.tenantId(), observation.subject(),
                observation.source(), observation.observedAt());
        row.observationId = observation.observationId();
        row.type = observation.type().name();
        row.value = observation.value();
        boolean isNew = store.store(row);
        metrics.counter("firebreak.observations.consumed", "outcome", isNew ? "stored" : "duplicate").increment();
        if (isNew) {
            Set<String> affected = new TreeSet<>(links.onObservation(new Links.Seen(row.tenantId, row.workerId,
                    row.accountId, row.partyId, row.type, row.value, row.source, row.observedAt)));
            if (row.workerId != null && (Links.PLATFORM_ACCOUNT.equals(row.type) || Links.PAYMENT_PARTY.equals(row.type))) {
                affected.add(row.workerId); // the account's or party's signals now count for the worker
            }
            if (CONSISTENCY_TYPES.contains(row.type)) {
                affected.addAll(links.owners(row.tenantId, row.workerId, row.accountId, row.partyId));
            }
            if (row.workerId != null && affected.isEmpty() && !refresh.known(row.tenantId, row.workerId)) {
                affected.add(row.workerId); // a worker first reported: listed (CLEAR) from now on
            }
            refresh.refresh(row.tenantId, affected);
        }
    }

    private static final Set<String> CONSISTENCY_TYPES = Set.of("DOCUMENT_COUNTRY", "PHONE_COUNTRY", "PAYOUT_COUNTRY",
            "DECLARED_COUNTRY", "LOGIN_COUNTRY", "DECLARED_TIMEZONE");

    private static <T extends SubjectEvidence> T subjectOf(T row, String tenantId, Subject subject, String source,
                                                           Instant observedAt) {
        row.tenantId = tenantId;
        row.workerId = subject.workerId();
        row.accountId = subject.accountId();
        row.partyId = subject.partyId();
        row.source = source;
        row.observedAt = observedAt;
        row.receivedAt = Instant.now();
        return row;
    }
}
