package dev.firebreak.identity.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RedFlagCatalogue;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Subject;
import dev.firebreak.contract.Topics;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.nexus.Sighting;
import dev.firebreak.kit.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The messaging edge of identity-service: maps findings and sightings to the contract's messages and writes
 * them to the outbox in the caller's transaction. Deterministic ids make a replay a no-op.
 */
@ApplicationScoped
public class SignalPublisher {

    public static final String SOURCE = "identity-service";

    private final Outbox outbox;
    private final RedFlagCatalogue catalogue = RedFlagCatalogue.standard();

    public SignalPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A signal as the API reports it: the id and whether this request raised it for the first time. */
    public record Raised(UUID signalId, String code, String severity, double confidence, boolean isNew) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Raised> raise(String tenantId, String workerId, Instant observedAt, List<Finding> findings) {
        List<Raised> raised = new ArrayList<>();
        Subject subject = Subject.worker(workerId);
        for (Finding finding : findings) {
            UUID id = MessageIds.signalId(tenantId, finding.code(), subject, finding.detector(), finding.triggeringIds());
            RiskSignal signal = new RiskSignal(RiskSignal.SCHEMA_VERSION, id, null, tenantId, subject, finding.code(),
                    catalogue.require(finding.code()).severity(), finding.confidence(), observedAt, null, SOURCE,
                    finding.detector(), finding.evidence(), finding.identifiers());
            boolean isNew = outbox.enqueue(id, Topics.RISK_SIGNALS, signal.messageKey(), tenantId, workerId, json(signal));
            raised.add(new Raised(id, signal.code(), signal.severity().name(), signal.confidence(), isNew));
        }
        return raised;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void observe(String tenantId, String workerId, Instant observedAt, List<Sighting> sightings) {
        Subject subject = Subject.worker(workerId);
        for (Sighting sighting : sightings) {
            IdentifierType type = IdentifierType.valueOf(sighting.type());
            UUID id = MessageIds.observationId(tenantId, subject, type, sighting.value(), sighting.originId());
            EntityObservation observation = new EntityObservation(EntityObservation.SCHEMA_VERSION, id, tenantId, subject,
                    type, sighting.value(), observedAt, SOURCE);
            outbox.enqueue(id, Topics.ENTITY_OBSERVATIONS, observation.messageKey(), tenantId, workerId, json(observation));
        }
    }

    /** The signals raised about a worker, as published. */
    public List<JsonNode> signalsFor(String tenantId, String workerId) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String payload : outbox.payloads(tenantId, workerId, Topics.RISK_SIGNALS)) {
            try {
                nodes.add(ContractJson.mapper().readTree(payload));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nodes;
    }

    private static String json(Object message) {
        try {
            return ContractJson.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
