package dev.firebreak.aggregator.signal;

import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.contract.AssessmentChanged;
import dev.firebreak.contract.Tier;
import dev.firebreak.kit.messaging.ContractOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Announces assessment changes on {@code risk.assessments}, through the outbox, in the change's transaction. */
@ApplicationScoped
public class AssessmentPublisher {

    private final ContractOutbox outbox;

    public AssessmentPublisher(ContractOutbox outbox) {
        this.outbox = outbox;
    }

    void onChanges(@Observes AssessmentRefresh.Changes changes) {
        // one batch of outbox rows for the refresh batch (one round trip)
        outbox.publishAll(changes.changes().stream().map(change -> new AssessmentChanged(AssessmentChanged.SCHEMA_VERSION,
                change.tenantId(), change.workerId(), Tier.valueOf(change.tier().name()),
                change.previousTier() == null ? null : Tier.valueOf(change.previousTier().name()),
                change.score(), change.codes(), change.asOf())).toList());
    }
}
