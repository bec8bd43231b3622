package dev.firebreak.platform.event;

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

/**
 * One platform event, stored once per tenant and {@code eventId}. The device id is kept as a keyed hash;
 * the type-specific fields as JSON for the detectors.
 */
@Entity
@Table(name = "platform_event")
public class PlatformEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EventType type;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(name = "worker_id")
    public String workerId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    public String ip;

    @Column(name = "device_hash")
    public String deviceHash;

    @Column(nullable = false, columnDefinition = "text")
    public String attributes;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
