package dev.firebreak.aggregator.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A signal received from any service, stored once per {@code signalId}. */
@Entity
@Table(name = "signal")
public class StoredSignal extends SubjectEvidence {

    @Id
    @Column(name = "signal_id")
    public UUID signalId;

    @Column(name = "group_id")
    public UUID groupId;

    @Column(nullable = false)
    public String code;

    @Column(nullable = false)
    public String severity;

    @Column(nullable = false)
    public double confidence;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(nullable = false)
    public String detector;

    @Column(nullable = false, columnDefinition = "text")
    public String evidence;

    /** Whether the signal still counts at {@code asOf}: not expired or withdrawn by then. */
    public boolean liveAt(Instant asOf) {
        return expiresAt == null || expiresAt.isAfter(asOf);
    }
}
