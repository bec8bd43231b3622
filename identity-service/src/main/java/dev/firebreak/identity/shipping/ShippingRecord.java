package dev.firebreak.identity.shipping;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A hardware shipping request: country and postcode in clear (compared), the full address as a keyed hash. */
@Entity
@Table(name = "shipping_request")
public class ShippingRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    @Column(nullable = false)
    public String country;

    public String postcode;

    @Column(name = "address_hash", nullable = false)
    public String addressHash;

    @Column(name = "cannot_receive_at_id_address", nullable = false)
    public boolean cannotReceiveAtIdAddress;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static List<ShippingRecord> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by observedAt, id", tenantId, workerId);
    }
}
