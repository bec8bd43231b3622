package dev.firebreak.aggregator.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.aggregator.evidence.EvidenceStore;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.RiskSignal;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

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

    public SignalConsumer(EvidenceStore store, CatalogueAdapter catalogue, MeterRegistry metrics) {
        this.store = store;
        this.catalogue = catalogue;
        this.metrics = metrics;
    }

    @Incoming("risk-signals")
    @Blocking
    @Transactional
    public void onSignal(String payload) throws JsonProcessingException {
        RiskSignal signal = ContractJson.mapper().readValue(payload, RiskSignal.class);
        if (!catalogue.known(signal.code())) {
            throw new IllegalArgumentException("unknown red-flag code " + signal.code());
        }
        StoredSignal row = new StoredSignal();
        row.signalId = signal.signalId();
        row.groupId = signal.groupId();
        row.tenantId = signal.tenantId();
        row.workerId = signal.subject().workerId();
        row.accountId = signal.subject().accountId();
        row.partyId = signal.subject().partyId();
        row.code = signal.code();
        row.severity = signal.severity().name();
        row.confidence = signal.confidence();
        row.observedAt = signal.observedAt();
        row.expiresAt = signal.expiresAt();
        row.source = signal.source();
        row.detector = signal.detector();
        row.evidence = ContractJson.mapper().writeValueAsString(signal.evidence());
        row.receivedAt = Instant.now();
        boolean isNew = store.store(row);
        metrics.counter("firebreak.signals.consumed", "outcome", isNew ? "stored" : "duplicate").increment();
    }

    @Incoming("entity-observations")
    @Blocking
    @Transactional
    public void onObservation(String payload) throws JsonProcessingException {
        EntityObservation observation = ContractJson.mapper().readValue(payload, EntityObservation.class);
        StoredObservation row = new StoredObservation();
        row.observationId = observation.observationId();
        row.tenantId = observation.tenantId();
        row.workerId = observation.subject().workerId();
        row.accountId = observation.subject().accountId();
        row.partyId = observation.subject().partyId();
        row.type = observation.type().name();
        row.value = observation.value();
        row.observedAt = observation.observedAt();
        row.source = observation.source();
        row.receivedAt = Instant.now();
        boolean isNew = store.store(row);
        metrics.counter("firebreak.observations.consumed", "outcome", isNew ? "stored" : "duplicate").increment();
    }
}
