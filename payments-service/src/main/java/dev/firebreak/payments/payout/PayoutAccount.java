package dev.firebreak.payments.payout;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A payout account a tenant reported for a worker; the account number is kept as a keyed hash and a mask. */
@Entity
@Table(name = "payout_account")
public class PayoutAccount extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Column(name = "worker_name", nullable = false)
    public String workerName;

    @Column(name = "account_holder_name", nullable = false)
    public String accountHolderName;

    @Column(nullable = false)
    public String kind;

    @Column(name = "account_hash", nullable = false)
    public String accountHash;

    @Column(name = "account_mask", nullable = false)
    public String accountMask;

    public String country;

    public String provider;

    @Column(nullable = false)
    public String status;

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static List<PayoutAccount> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by observedAt, id", tenantId, workerId);
    }
}
