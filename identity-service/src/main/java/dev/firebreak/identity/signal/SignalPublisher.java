package dev.firebreak.identity.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Subject;
import dev.firebreak.contract.WatchlistsUpdated;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.nexus.Sighting;
import dev.firebreak.kit.messaging.ContractOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The messaging edge of identity-service: maps findings and sightings to the contract's messages and writes
 * them to the outbox in the caller's transaction. Deterministic ids make a replay a no-op.
 */
@ApplicationScoped
public class SignalPublisher {

    public static final String SOURCE = "identity-service";

    private final ContractOutbox outbox;

    public SignalPublisher(ContractOutbox outbox) {
        this.outbox = outbox;
    }

    /** A signal as the API reports it: the id and whether this request raised it for the first time. */
    public record Raised(UUID signalId, String code, String severity, double confidence, boolean isNew) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Raised> raise(String tenantId, String workerId, Instant observedAt, List<Finding> findings) {
        List<Raised> raised = new ArrayList<>();
        for (Finding finding : findings) {
            RiskSignal signal = RiskSignal.of(tenantId, Subject.worker(workerId), finding.code(), finding.confidence(),
                    observedAt, SOURCE, finding.detector(), finding.evidence(), finding.identifiers(),
                    finding.triggeringIds());
            boolean isNew = outbox.publish(signal);
            raised.add(new Raised(signal.signalId(), signal.code(), signal.severity().name(), signal.confidence(), isNew));
        }
        return raised;
    }

    /** A signal this service raised about a worker, as kept: its id, code, whether withdrawn, and its evidence. */
    public record Kept(UUID signalId, String code, boolean withdrawn, Map<String, Object> evidence) {
    }

    /** The signals of one code raised about a worker, withdrawn ones included. */
    public List<Kept> kept(String tenantId, String workerId, String code) {
        List<Kept> out = new ArrayList<>();
        for (RiskSignal s : keptSignals(tenantId, workerId)) {
            if (s.code().equals(code)) {
                out.add(new Kept(s.signalId(), s.code(), s.evidence().containsKey("withdrawn"), s.evidence()));
            }
        }
        return out;
    }

    /**
     * Like {@link #raise}, for findings that may have been withdrawn before: a finding whose signal was withdrawn is
     * true again (a list change made it so), and is raised as a new signal, its triggering ids marked
     * {@code raised-again:n} (deterministically: the n-th time), so that the aggregator counts it again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Raised> raiseAfresh(String tenantId, String workerId, Instant observedAt, List<Finding> findings) {
        Set<UUID> withdrawn = new HashSet<>();
        for (RiskSignal s : keptSignals(tenantId, workerId)) {
            if (s.evidence().containsKey("withdrawn")) {
                withdrawn.add(s.signalId());
            }
        }
        List<Finding> afresh = new ArrayList<>();
        for (Finding finding : findings) {
            Finding current = finding;
            for (int n = 2; withdrawn.contains(signalOf(tenantId, workerId, observedAt, current).signalId()); n++) {
                List<String> triggering = new ArrayList<>(finding.triggeringIds());
                triggering.add("raised-again:" + n);
                current = new Finding(finding.code(), finding.detector(), finding.confidence(), finding.evidence(),
                        triggering, finding.identifiers());
            }
            afresh.add(current);
        }
        return raise(tenantId, workerId, observedAt, afresh);
    }

    /**
     * Withdraws a signal raised about a worker ({@link RiskSignal#withdrawn}): it stops counting at {@code at}.
     *
     * @return false if no such signal is kept, or it was withdrawn before
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean withdraw(String tenantId, String workerId, UUID signalId, Instant at, String reason) {
        for (RiskSignal s : keptSignals(tenantId, workerId)) {
            if (s.signalId().equals(signalId) && !s.evidence().containsKey("withdrawn")) {
                return outbox.withdraw(s.withdrawn(at, reason));
            }
        }
        return false;
    }

    private static RiskSignal signalOf(String tenantId, String workerId, Instant observedAt, Finding finding) {
        return RiskSignal.of(tenantId, Subject.worker(workerId), finding.code(), finding.confidence(), observedAt,
                SOURCE, finding.detector(), finding.evidence(), finding.identifiers(), finding.triggeringIds());
    }

    private List<RiskSignal> keptSignals(String tenantId, String workerId) {
        List<RiskSignal> out = new ArrayList<>();
        for (JsonNode node : outbox.signalsAboutWorker(tenantId, workerId)) {
            try {
                out.add(ContractJson.mapper().treeToValue(node, RiskSignal.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a kept signal no longer reads as a RiskSignal", e);
            }
        }
        return out;
    }

    /** One of the per-worker signals of a multi-subject detection: all share a {@code groupId}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Raised raiseInGroup(String tenantId, String workerId, Instant observedAt, Finding finding) {
        RiskSignal signal = RiskSignal.of(tenantId, Subject.worker(workerId), finding.code(), finding.confidence(),
                        observedAt, SOURCE, finding.detector(), finding.evidence(), finding.identifiers(),
                        finding.triggeringIds())
                .withGroupId(MessageIds.groupId(tenantId, finding.code(), finding.detector(), finding.triggeringIds()));
        boolean isNew = outbox.publish(signal);
        return new Raised(signal.signalId(), signal.code(), signal.severity().name(), signal.confidence(), isNew);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void observe(String tenantId, String workerId, Instant observedAt, List<Sighting> sightings) {
        for (Sighting s : sightings) {
            outbox.publish(EntityObservation.of(tenantId, Subject.worker(workerId), IdentifierType.valueOf(s.type()),
                    s.value(), s.originId(), observedAt, SOURCE));
        }
    }

    /** {@code watchlists.updated} for an import that changed a list (deployment-wide). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void listUpdated(String source, long version, int entries, int added, int removed, int changed,
                            String sha256, Instant importedAt) {
        outbox.publish(WatchlistsUpdated.of(source, version, entries, added, removed, changed, sha256, importedAt));
    }

    /** The signals raised about a worker, as published. */
    public List<JsonNode> signalsFor(String tenantId, String workerId) {
        return outbox.signalsAboutWorker(tenantId, workerId);
    }
}
