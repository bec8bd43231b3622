package dev.firebreak.aggregator.evidence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An observation ("subject used identifier at time"), stored once per {@code observationId}. */
@Entity
@Table(name = "observation")
public class StoredObservation extends PanacheEntityBase {

    @Id
    @Column(name = "observation_id")
    public UUID observationId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "worker_id")
    public String workerId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "party_id")
    public String partyId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String value;

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    @Column(nullable = false)
    public String source;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static boolean knowsWorker(String tenantId, String workerId) {
        return count("tenantId = ?1 and workerId = ?2", tenantId, workerId) > 0;
    }
}
