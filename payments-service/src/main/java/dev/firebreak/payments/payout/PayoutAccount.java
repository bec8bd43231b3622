package dev.firebreak.payments.payout;

import dev.firebreak.kit.persistence.WorkerRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A payout account a tenant reported for a worker; the account number is kept as a keyed hash and a mask. */
@Entity
@Table(name = "payout_account")
public class PayoutAccount extends WorkerRecord {

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

    public static List<PayoutAccount> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by observedAt, id", tenantId, workerId);
    }

    /** The tenant's payout accounts with this account (any worker), oldest first. */
    public static List<PayoutAccount> withAccount(String tenantId, String accountHash) {
        return list("tenantId = ?1 and accountHash = ?2 order by observedAt, id", tenantId, accountHash);
    }
}
