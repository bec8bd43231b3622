package dev.firebreak.identity.shipping;

import dev.firebreak.kit.persistence.WorkerRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A hardware shipping request: country and postcode in clear (compared), the full address as a keyed hash. */
@Entity
@Table(name = "shipping_request")
public class ShippingRecord extends WorkerRecord {

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    @Column(nullable = false)
    public String country;

    public String postcode;

    @Column(name = "address_hash", nullable = false)
    public String addressHash;

    @Column(name = "cannot_receive_at_id_address", nullable = false)
    public boolean cannotReceiveAtIdAddress;

    public static List<ShippingRecord> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by observedAt, id", tenantId, workerId);
    }
}
