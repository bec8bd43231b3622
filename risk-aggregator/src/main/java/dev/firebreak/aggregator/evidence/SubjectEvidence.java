package dev.firebreak.aggregator.evidence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;

import java.time.Instant;

/** What signals and observations share: whom they are about, which service saw it when, and when it arrived. */
@MappedSuperclass
public abstract class SubjectEvidence extends PanacheEntityBase {

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "worker_id")
    public String workerId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "party_id")
    public String partyId;

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    @Column(nullable = false)
    public String source;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** The trace the message came with (its Kafka record's traceparent), or null; not stored with the evidence. */
    @Transient
    public String traceParent;
}
