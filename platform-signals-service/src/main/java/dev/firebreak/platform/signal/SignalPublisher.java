package dev.firebreak.platform.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Topics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * The service's own signals, as the detector topology committed them to {@code risk.signals}, kept for
 * {@code GET /accounts/{id}/signals} (idempotent on the signal id: redelivery and reprocessing add nothing).
 */
@ApplicationScoped
public class SignalPublisher {

    public static final String SOURCE = "platform-signals-service";
    private static final Logger LOG = Logger.getLogger(SignalPublisher.class);

    private final EntityManager em;

    public SignalPublisher(EntityManager em) {
        this.em = em;
    }

    @Incoming("own-signals")
    @Blocking
    @Transactional
    public void keep(List<String> payloads) {
        for (String payload : payloads) {
            // most of the topic is other services' signals: skip them without parsing
            if (!payload.contains(SOURCE)) {
                continue;
            }
            RiskSignal signal;
            try {
                signal = ContractJson.mapper().readValue(payload, RiskSignal.class);
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warnf("a message on %s is not a readable signal (%s); the aggregator dead-letters it",
                        Topics.RISK_SIGNALS, e.getClass().getSimpleName());
                continue;
            }
            if (!SOURCE.equals(signal.source()) || signal.subject().accountId() == null) {
                continue;
            }
            em.createNativeQuery("""
                            insert into platform_signal (signal_id, tenant_id, account_id, code, observed_at, payload)
                            values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (signal_id) do nothing""")
                    .setParameter(1, signal.signalId()).setParameter(2, signal.tenantId())
                    .setParameter(3, signal.subject().accountId()).setParameter(4, signal.code())
                    .setParameter(5, signal.observedAt()).setParameter(6, payload).executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    public List<JsonNode> signalsForAccount(String tenantId, String accountId) {
        List<String> payloads = em.createNativeQuery("""
                        select payload from platform_signal where tenant_id = ?1 and account_id = ?2
                        order by observed_at, signal_id""")
                .setParameter(1, tenantId).setParameter(2, accountId).getResultList();
        return payloads.stream().map(p -> {
            try {
                return ContractJson.mapper().readTree(p);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
