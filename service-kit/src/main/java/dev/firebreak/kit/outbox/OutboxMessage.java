package dev.firebreak.kit.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A message waiting to be (or already) relayed to Kafka, written in the same transaction as the state that
 * produced it. {@code messageId} is the message's deterministic id: writing it twice is a no-op.
 * Every service's own migration creates the {@code outbox} table.
 */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "message_id", nullable = false, unique = true)
    public UUID messageId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "worker_id")
    public String workerId;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(nullable = false)
    public int attempts;

    /** The W3C traceparent of the span that wrote the row, or null (tracing off). */
    @Column(name = "trace_parent")
    public String traceParent;
}
