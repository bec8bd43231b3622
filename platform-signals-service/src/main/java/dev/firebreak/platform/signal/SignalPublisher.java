package dev.firebreak.platform.signal;

import dev.firebreak.kit.erasure.ErasedSubjects;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.MessageChecks;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Topics;
import dev.firebreak.kit.messaging.RecordIsolation;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private final MeterRegistry metrics;
    private final ErasedSubjects erased;
    private final RecordIsolation isolation = new RecordIsolation(Topics.RISK_SIGNALS,
            work -> QuarkusTransaction.requiringNew().run(work), Duration.ofMillis(200), Duration.ofSeconds(30));

    public SignalPublisher(EntityManager em, MeterRegistry metrics, ErasedSubjects erased) {
        this.em = em;
        this.erased = erased;
        this.metrics = metrics;
    }

    /**
     * Keeps the batch's signals of this service. A message that is not a readable signal within the contract's limits
     * is skipped here (the aggregator dead-letters the same record from the same topic, with its reason); one the
     * database refuses alone is skipped too, and the rest of the batch commits ({@link RecordIsolation}).
     */
    @Incoming("own-signals")
    @Blocking
    public void keep(List<String> payloads) {
        Instant now = Instant.now();
        List<Kept> kept = new ArrayList<>();
        for (String payload : payloads) {
            // most of the topic is other services' signals: skip them without parsing
            if (!payload.contains(SOURCE)) {
                continue;
            }
            RiskSignal signal;
            try {
                signal = ContractJson.mapper().readValue(payload, RiskSignal.class);
            } catch (JsonProcessingException | RuntimeException e) {
                skipped("unreadable", e.getClass().getSimpleName());
                continue;
            }
            if (!SOURCE.equals(signal.source()) || signal.subject().accountId() == null) {
                continue;
            }
            if (erased.isErased(signal.tenantId(), ErasedSubjects.Kind.ACCOUNT, signal.subject().accountId())) {
                continue; // an erased account's: a redelivery or a replay brings nothing back
            }
            if (!MessageChecks.problems(signal, "", null, now).isEmpty()) {
                skipped("beyond the contract's limits", "MessageChecks");
                continue;
            }
            kept.add(new Kept(signal, payload));
        }
        isolation.write(kept, this::insert, (signal, error) -> skipped("refused by the database",
                RecordIsolation.describe(error)));
    }

    private record Kept(RiskSignal signal, String payload) {
    }

    private void insert(List<Kept> batch) {
        for (Kept k : batch) {
            em.createNativeQuery("""
                            insert into platform_signal (signal_id, tenant_id, account_id, code, observed_at, payload)
                            values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (signal_id) do nothing""")
                    .setParameter(1, k.signal().signalId()).setParameter(2, k.signal().tenantId())
                    .setParameter(3, k.signal().subject().accountId()).setParameter(4, k.signal().code())
                    .setParameter(5, k.signal().observedAt()).setParameter(6, k.payload()).executeUpdate();
        }
    }

    private void skipped(String why, String detail) {
        metrics.counter("firebreak.own-signals.skipped", "reason", why).increment();
        LOG.warnf("a message on %s was not kept: %s (%s); the aggregator dead-letters it", Topics.RISK_SIGNALS, why,
                detail);
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
