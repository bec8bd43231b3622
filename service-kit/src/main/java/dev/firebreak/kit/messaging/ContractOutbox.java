package dev.firebreak.kit.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.AssessmentChanged;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.ErasureConfirmation;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Subject;
import dev.firebreak.contract.Topics;
import dev.firebreak.contract.WatchlistsUpdated;
import dev.firebreak.contract.WorkerErasure;
import dev.firebreak.kit.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's messages into the outbox, keyed and de-duplicated by their deterministic ids, and the
 * signals a service raised read back for its own GET endpoints.
 */
@ApplicationScoped
public class ContractOutbox {

    private final Outbox outbox;

    public ContractOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    /** @return true if the signal is new (a replay of the same detection returns false) */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publish(RiskSignal signal) {
        String payload = json(signal);
        outbox.enqueue(signal.signalId(), Topics.RISK_SIGNALS, signal.messageKey(), signal.tenantId(),
                signal.subject().workerId(), payload);
        // new or not by the signals kept, which outlive the outbox's retention
        return outbox.keepSignal(signal.signalId(), signal.messageKey(), signal.tenantId(), signal.subject().workerId(),
                payload);
    }

    /**
     * Publishes a signal's withdrawal ({@link RiskSignal#withdrawn}) and keeps it in the signal's place for the GET
     * endpoints; once per signal (its message id is derived from the signal's).
     *
     * @return true if the withdrawal was new
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean withdraw(RiskSignal withdrawn) {
        String payload = json(withdrawn);
        boolean isNew = outbox.enqueue(MessageIds.withdrawalId(withdrawn.signalId()),
                Topics.RISK_SIGNALS, withdrawn.messageKey(), withdrawn.tenantId(), withdrawn.subject().workerId(), payload);
        outbox.replaceKeptSignal(withdrawn.signalId(), payload);
        return isNew;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publish(EntityObservation observation) {
        return outbox.enqueue(observation.observationId(), Topics.ENTITY_OBSERVATIONS, observation.messageKey(),
                observation.tenantId(), observation.subject().workerId(), json(observation));
    }

    /**
     * Signals, observations and assessment changes in one batch (see {@link Outbox#enqueueAll}); signals are also kept
     * for the service's GET endpoints.
     *
     * @return for each message, in order, true if it is new (a signal: if it was not kept before)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean[] publishAll(List<?> messages) {
        List<Outbox.Pending> pending = new ArrayList<>(messages.size());
        for (Object message : messages) {
            pending.add(switch (message) {
                case RiskSignal s -> new Outbox.Pending(s.signalId(), Topics.RISK_SIGNALS, s.messageKey(), s.tenantId(),
                        s.subject().workerId(), json(s));
                case EntityObservation o -> new Outbox.Pending(o.observationId(), Topics.ENTITY_OBSERVATIONS,
                        o.messageKey(), o.tenantId(), o.subject().workerId(), json(o));
                case AssessmentChanged c -> new Outbox.Pending(
                        MessageIds.assessmentChangeId(c), Topics.RISK_ASSESSMENTS, c.messageKey(),
                        c.tenantId(), c.workerId(), json(c));
                default -> throw new IllegalArgumentException("not a per-tenant contract message: " + message.getClass());
            });
        }
        boolean[] isNew = outbox.enqueueAll(pending);
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof RiskSignal s) {
                Outbox.Pending p = pending.get(i);
                isNew[i] = outbox.keepSignal(s.signalId(), p.key(), p.tenantId(), p.workerId(), p.payload());
            }
        }
        return isNew;
    }

    /** Tenant column value of deployment-wide messages (the outbox row needs one; no tenant reads it). */
    public static final String DEPLOYMENT = "*";

    /** A list import's notice; deployment-wide, so stored under {@link #DEPLOYMENT}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publish(WatchlistsUpdated update) {
        return outbox.enqueue(update.messageId(), Topics.WATCHLISTS_UPDATED, update.messageKey(), DEPLOYMENT, null,
                json(update));
    }

    /**
     * An erasure notice on {@code worker.erasures}, keyed {@code tenant:subjectHash}: the request under the erasure's
     * id, its settled form (no worker id) under {@link MessageIds#erasureSettledId}, so each goes out once. The outbox
     * row names no worker: the notice's worker id leaves with the settled form.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publish(WorkerErasure notice) {
        return outbox.enqueue(notice.isSettled() ? MessageIds.erasureSettledId(notice.erasureId()) : notice.erasureId(),
                Topics.WORKER_ERASURES, notice.messageKey(), notice.tenantId(), null, json(notice));
    }

    /** One service's confirmation of an erasure on {@code worker.erasures.confirmed}; once per erasure and service. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publish(ErasureConfirmation confirmation) {
        return outbox.enqueue(confirmation.messageId(), Topics.WORKER_ERASURES_CONFIRMED, confirmation.messageKey(),
                confirmation.tenantId(), null, json(confirmation));
    }

    /** The signals raised about a worker, as published, oldest first. */
    public List<JsonNode> signalsAboutWorker(String tenantId, String workerId) {
        return parse(outbox.signalPayloads(tenantId, workerId));
    }

    /** The signals raised about a subject keyed without a worker (an account, a payment party). */
    public List<JsonNode> signalsAbout(String tenantId, Subject subject) {
        return parse(outbox.signalPayloadsByKey(tenantId, subject.messageKey(tenantId)));
    }

    private static List<JsonNode> parse(List<String> payloads) {
        List<JsonNode> nodes = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
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
