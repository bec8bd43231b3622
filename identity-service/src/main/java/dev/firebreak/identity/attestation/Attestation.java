package dev.firebreak.identity.attestation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A hiring firm's attestation about a worker, stored once per worker, kind and time. */
@Entity
@Table(name = "attestation")
public class Attestation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AttestationKind kind;

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    public String note;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static List<Attestation> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by observedAt, id", tenantId, workerId);
    }
}
