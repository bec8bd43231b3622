package dev.firebreak.kit.outbox;

import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.kit.tracing.TraceParents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes messages to the outbox inside the caller's transaction, each with the trace of the span that wrote it (its
 * {@code traceparent}, while tracing is on), which the relay's message continues.
 */
@ApplicationScoped
public class Outbox {

    private static final OutboxWritten WRITTEN = new OutboxWritten();

    private final EntityManager em;
    private final Event<OutboxWritten> written;

    public Outbox(EntityManager em, Event<OutboxWritten> written) {
        this.em = em;
        this.written = written;
    }

    /**
     * Enqueues a message unless one with the same id was enqueued before.
     *
     * @return true if the message is new
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean enqueue(UUID messageId, String topic, String key, String tenantId, String workerId, String payload) {
        int inserted = em.createNativeQuery("""
                        insert into outbox (message_id, topic, message_key, tenant_id, worker_id, payload, created_at,
                                            next_attempt_at, attempts, trace_parent)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 0, ?8)
                        on conflict (message_id) do nothing""")
                .setParameter(1, messageId)
                .setParameter(2, topic)
                .setParameter(3, key)
                .setParameter(4, tenantId)
                .setParameter(5, workerId)
                .setParameter(6, payload)
                .setParameter(7, Instant.now())
                .setParameter(8, TraceParents.current())
                .executeUpdate();
        if (inserted == 1) {
            written.fire(WRITTEN);
        }
        return inserted == 1;
    }

    /** A message to enqueue. */
    public record Pending(UUID messageId, String topic, String key, String tenantId, String workerId, String payload) {
    }

    /**
     * Enqueues several messages in one statement, each unless one with the same id was enqueued before. The rows
     * go in as arrays ({@code unnest}) in the list's order, so their ids (the publishing order) follow it, and the new
     * ones come back in the same statement. (A JDBC batch is one round trip too, but one execution per row; in the
     * aggregator benchmark the two cost the database about the same: the rows' index entries are the cost.)
     *
     * @return for each message, in order, true if it is new (of two with the same id in the list, the first)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean[] enqueueAll(List<Pending> messages) {
        boolean[] isNew = new boolean[messages.size()];
        if (messages.isEmpty()) {
            return isNew;
        }
        Instant now = Instant.now();
        Set<UUID> inserted = new HashSet<>();
        SetQuery.once(em, """
                        insert into outbox (message_id, topic, message_key, tenant_id, worker_id, payload, created_at,
                                            next_attempt_at, attempts, trace_parent)
                        select m, t, k, tn, w, p, ?, ?, 0, ?::varchar
                        from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[])
                          with ordinality as u(m, t, k, tn, w, p, n)
                        order by n
                        on conflict (message_id) do nothing
                        returning message_id""",
                // every row of the batch continues the writer's trace (one request's, or one consumer batch's)
                row -> inserted.add(row.getObject(1, UUID.class)), now, now, TraceParents.current(),
                messages.stream().map(Pending::messageId).toArray(UUID[]::new),
                messages.stream().map(Pending::topic).toArray(String[]::new),
                messages.stream().map(Pending::key).toArray(String[]::new),
                messages.stream().map(Pending::tenantId).toArray(String[]::new),
                messages.stream().map(Pending::workerId).toArray(String[]::new),
                messages.stream().map(Pending::payload).toArray(String[]::new));
        if (!inserted.isEmpty()) {
            written.fire(WRITTEN);
        }
        for (int i = 0; i < isNew.length; i++) {
            isNew[i] = inserted.remove(messages.get(i).messageId());
        }
        return isNew;
    }

    /**
     * Keeps a signal this service published for its own GET endpoints (the outbox's rows are deleted after their
     * retention; these are not).
     *
     * @return true if the signal was not kept before
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean keepSignal(UUID signalId, String key, String tenantId, String workerId, String payload) {
        return em.createNativeQuery("""
                        insert into published_signal (signal_id, tenant_id, worker_id, message_key, payload, created_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (signal_id) do nothing""")
                .setParameter(1, signalId).setParameter(2, tenantId).setParameter(3, workerId).setParameter(4, key)
                .setParameter(5, payload).setParameter(6, Instant.now()).executeUpdate() == 1;
    }

    /** Replaces a kept signal's payload (its withdrawal); false if the signal was never kept. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean replaceKeptSignal(UUID signalId, String payload) {
        return em.createNativeQuery("update published_signal set payload = ?2 where signal_id = ?1")
                .setParameter(1, signalId).setParameter(2, payload).executeUpdate() == 1;
    }

    /** Payloads of the signals kept about one worker of one tenant, oldest first. */
    public List<String> signalPayloads(String tenantId, String workerId) {
        return keptSignals("worker_id", tenantId, workerId);
    }

    /** Payloads of the signals kept with one message key (e.g. every signal about one account). */
    public List<String> signalPayloadsByKey(String tenantId, String messageKey) {
        return keptSignals("message_key", tenantId, messageKey);
    }

    /** {@code column} is one of this class's two indexed columns, never input. */
    @SuppressWarnings("unchecked")
    private List<String> keptSignals(String column, String tenantId, String value) {
        return em.createNativeQuery("select payload from published_signal where tenant_id = ?1 and " + column
                        + " = ?2 order by created_at, signal_id")
                .setParameter(1, tenantId).setParameter(2, value).getResultList();
    }
}
