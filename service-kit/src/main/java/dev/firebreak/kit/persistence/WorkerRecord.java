package dev.firebreak.kit.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * What every stored record about a worker carries: its own id, the tenant it belongs to (every query filters by
 * it), the tenant's worker id and when the service received it.
 */
@MappedSuperclass
public abstract class WorkerRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
