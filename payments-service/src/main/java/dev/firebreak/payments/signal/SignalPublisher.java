package dev.firebreak.payments.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.Subject;
import dev.firebreak.contract.Topics;
import dev.firebreak.kit.outbox.Outbox;
import dev.firebreak.payments.payout.Sighting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The messaging edge of payments-service: observations and signals to the outbox. */
@ApplicationScoped
public class SignalPublisher {

    public static final String SOURCE = "payments-service";

    private final Outbox outbox;

    public SignalPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void observe(String tenantId, String workerId, Instant observedAt, List<Sighting> sightings) {
        Subject subject = Subject.worker(workerId);
        for (Sighting s : sightings) {
            IdentifierType type = IdentifierType.valueOf(s.type());
            UUID id = MessageIds.observationId(tenantId, subject, type, s.value(), s.originId());
            EntityObservation observation = new EntityObservation(EntityObservation.SCHEMA_VERSION, id, tenantId, subject,
                    type, s.value(), observedAt, SOURCE);
            outbox.enqueue(id, Topics.ENTITY_OBSERVATIONS, observation.messageKey(), tenantId, workerId, json(observation));
        }
    }

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
