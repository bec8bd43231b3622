package dev.firebreak.platform.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.Subject;
import dev.firebreak.kit.messaging.ContractOutbox;
import dev.firebreak.platform.event.Sighting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** The messaging edge of platform-signals-service: observations and signals to the outbox. */
@ApplicationScoped
public class SignalPublisher {

    public static final String SOURCE = "platform-signals-service";

    private final ContractOutbox outbox;

    public SignalPublisher(ContractOutbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void observe(String tenantId, Instant observedAt, List<Sighting> sightings) {
        for (Sighting s : sightings) {
            outbox.publish(EntityObservation.of(tenantId, new Subject(s.workerId(), s.accountId(), null),
                    IdentifierType.valueOf(s.type()), s.value(), s.originId(), observedAt, SOURCE));
        }
    }

    /**
     * One signal per account a finding concerns (sharing a {@code groupId} when several); the id derives from the
     * triggering events, so the same detection raised again is the same signal.
     *
     * @return how many of them were new
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int raise(String tenantId, Instant observedAt, dev.firebreak.platform.detect.Finding finding) {
        int added = 0;
        for (String account : finding.accounts()) {
            RiskSignal signal = RiskSignal.of(tenantId, Subject.account(account), finding.code(), finding.confidence(),
                    observedAt, SOURCE, finding.detector(), finding.evidence(), List.of(), finding.triggeringIds());
            if (finding.accounts().size() > 1) {
                signal = signal.withGroupId(MessageIds.groupId(tenantId, finding.code(), finding.detector(),
                        finding.triggeringIds()));
            }
            added += outbox.publish(signal) ? 1 : 0;
        }
        return added;
    }

    public List<JsonNode> signalsForAccount(String tenantId, String accountId) {
        return outbox.signalsAbout(tenantId, Subject.account(accountId));
    }
}
