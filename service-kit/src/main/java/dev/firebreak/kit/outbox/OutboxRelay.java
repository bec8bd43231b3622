package dev.firebreak.kit.outbox;

import dev.firebreak.kit.work.Drainer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays outbox rows to Kafka through the {@code outbox} channel (idempotent producer, {@code acks=all}),
 * marking a row published only after the broker acknowledged it. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several replicas relay without sending a row twice in the normal case;
 * after a crash a row may be sent again, which consumers absorb by de-duplicating on the message id.
 * A commit that wrote to the outbox starts a drain at once (one drain at a time per replica); the periodic
 * poll picks up what other replicas, restarts or broker outages left behind.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EntityManager em;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Drainer drainer;
    private final TransactionManager transactions;

    public OutboxRelay(EntityManager em, TransactionManager transactions, @Channel("outbox") MutinyEmitter<String> emitter,
                       @ConfigProperty(name = "firebreak.outbox.batch-size", defaultValue = "200") int batchSize,
                       @ConfigProperty(name = "firebreak.outbox.send-timeout", defaultValue = "PT15S") Duration sendTimeout) {
        this.em = em;
        this.transactions = transactions;
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        // ArC intercepts self-invocation (subclassing): each step runs in relayBatch's own transaction
        this.drainer = new Drainer("outbox-relay", batchSize, this::relayBatch);
    }

    void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        kick();
    }

    @Scheduled(every = "${firebreak.outbox.interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relayScheduled() {
        kick();
    }

    /** Asks for a drain; if one is running it drains once more before it stops. */
    void kick() {
        drainer.kick();
    }

    @PreDestroy
    void stop() {
        drainer.close();
    }

    /** Sends one batch; returns how many rows were acknowledged and marked published. */
    @Transactional
    public int relayBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxMessage> batch = em.createNativeQuery("""
                        select * from outbox where published_at is null order by id
                        limit ?1 for update skip locked""", OutboxMessage.class)
                .setParameter(1, batchSize).getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        List<OutboxMessage> acknowledged;
        try {
            acknowledged = sendOutsideTransaction(batch);
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay: batch of %d not acknowledged within %s (%s); will retry",
                    batch.size(), sendTimeout, e.getClass().getSimpleName());
            mark("attempts = attempts + 1", batch.stream().map(row -> row.id).toList(), null);
            return 0;
        }
        List<Long> published = acknowledged.stream().filter(java.util.Objects::nonNull).map(row -> row.id).toList();
        java.util.Set<Long> done = new java.util.HashSet<>(published);
        List<Long> failed = batch.stream().map(row -> row.id).filter(id -> !done.contains(id)).toList();
        // two statements for the batch, not an UPDATE per row (the entities read are left unchanged: nothing to flush)
        mark("published_at = ?", published, Instant.now());
        mark("attempts = attempts + 1", failed, null);
        if (!failed.isEmpty()) {
            LOG.warnf("outbox relay: %d of %d messages not acknowledged; will retry", failed.size(), batch.size());
        }
        return published.size();
    }

    /**
     * Sends the batch and waits for the broker's acknowledgements with this transaction suspended (the rows stay
     * locked: the database transaction is still open), then resumes it. Sent inside it, the sends' callbacks ran on
     * Kafka's threads with the transaction propagated to them, and a commit that came while one was still associated
     * failed ("committing with 2 threads active", then "Enlisted connection used without active transaction", an
     * XA_RBROLLBACK) after the batch had been sent, and the drain stopped with an error until the next kick. Seen 1–4
     * times per test class in CI logs; OutboxRelayTest makes it likely and fails on it.
     */
    private List<OutboxMessage> sendOutsideTransaction(List<OutboxMessage> batch) {
        Transaction suspended;
        try {
            suspended = transactions.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException("cannot suspend the relay's transaction", e);
        }
        try {
            List<Uni<OutboxMessage>> sends = new ArrayList<>(batch.size());
            for (OutboxMessage row : batch) {
                Message<String> message = Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic).withKey(row.messageKey).build());
                sends.add(emitter.sendMessage(message).replaceWith(row)
                        .onFailure().recoverWithItem(failure -> null));
            }
            return Uni.join().all(sends).andCollectFailures().await().atMost(sendTimeout);
        } finally {
            try {
                transactions.resume(suspended);
            } catch (InvalidTransactionException | SystemException e) {
                throw new IllegalStateException("cannot resume the relay's transaction", e);
            }
        }
    }

    /** Sets a column of these rows in one statement ({@code assignment} with at most one parameter, {@code value}). */
    private void mark(String assignment, List<Long> ids, Instant value) {
        if (ids.isEmpty()) {
            return;
        }
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (var update = connection.prepareStatement("update outbox set " + assignment + " where id = any(?)")) {
                int i = 1;
                if (value != null) {
                    update.setObject(i++, value.atOffset(java.time.ZoneOffset.UTC));
                }
                update.setArray(i, connection.createArrayOf("bigint", ids.toArray()));
                update.executeUpdate();
            }
        });
    }
}
