package dev.firebreak.identity.attestation;

import dev.firebreak.kit.persistence.WorkerRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A hiring firm's attestation about a worker, stored once per worker, kind and time. */
@Entity
@Table(name = "attestation")
public class Attestation extends WorkerRecord {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AttestationKind kind;

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    public String note;

    public static List<Attestation> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by observedAt, id", tenantId, workerId);
    }
}
