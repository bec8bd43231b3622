package dev.firebreak.kit.messaging;

import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * How a consumer writes a polled batch so that one record never stops the channel, and a database outage never
 * skips one:
 * <ul>
 *   <li>the batch is written in one transaction;</li>
 *   <li>if the database (or the network to it) is down, the same batch is tried again with back-off, for as long as
 *       it takes: nothing is skipped and nothing is committed out of order;</li>
 *   <li>if the database refused the data (an SQLState of class 22, data exception, or 23, integrity constraint), or
 *       the code failed on something in it, each record is written again in a transaction of its own, and a record
 *       that still fails alone is handed to {@code refuse} (the caller dead-letters it with the reason) while the
 *       others commit.</li>
 * </ul>
 * A consumer validates what it writes before calling this: this is the net for what validation did not foresee.
 */
public final class RecordIsolation {

    private static final Logger LOG = Logger.getLogger(RecordIsolation.class);

    /** Runs work in a transaction of its own, committed when it returns. */
    @FunctionalInterface
    public interface Transactions {
        void inNew(Runnable work);
    }

    private final String topic;
    private final Transactions transactions;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    public RecordIsolation(String topic, Transactions transactions, Duration firstBackoff, Duration maxBackoff) {
        this.topic = topic;
        this.transactions = transactions;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Writes the records through {@code write} (called with the whole batch, then with single records if the batch
     * failed on its data), handing each record the database or the code refused alone to {@code refuse}.
     */
    public <T> void write(List<T> records, Consumer<List<T>> write, BiConsumer<T, Throwable> refuse) {
        if (records.isEmpty()) {
            return;
        }
        RuntimeException failure = retryingOutages(() -> write.accept(records));
        if (failure == null) {
            return;
        }
        if (records.size() == 1) {
            refuse.accept(records.getFirst(), failure);
            return;
        }
        LOG.warnf("%s: a batch of %d failed on its data (%s); writing its records one by one", topic, records.size(),
                describe(failure));
        for (T record : records) {
            RuntimeException alone = retryingOutages(() -> write.accept(List.of(record)));
            if (alone != null) {
                refuse.accept(record, alone);
            }
        }
    }

    /** Runs the work in a new transaction until it succeeds or fails for a reason other than an outage. */
    private RuntimeException retryingOutages(Runnable work) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.inNew(work);
                return null;
            } catch (RuntimeException e) {
                if (!outage(e)) {
                    return e;
                }
                LOG.warnf("%s: the database is unavailable (%s), attempt %d; trying again in %d ms", topic, describe(e),
                        attempt, backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Whether a failure is the infrastructure's (retry, skip nothing) rather than the data's. An SQLState of class 22
     * (data exception) or 23 (integrity constraint violation) is the data's; any other SQLState, a JDBC failure
     * without one (the pool's acquisition time-out, a closed connection) and the JDBC transient and recoverable
     * exceptions are the infrastructure's, and so is an SQL error of ours (class 42): dead-lettering every record for
     * a bug would empty the topic. A failure with no SQL cause at all is the data's, found by the code.
     */
    public static boolean outage(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientException || c instanceof SQLRecoverableException) {
                return true;
            }
            if (c instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || !(state.startsWith("22") || state.startsWith("23"));
            }
            if (c == c.getCause()) {
                break;
            }
        }
        return false;
    }

    /** The failure as logs may show it: class and SQLState, never the message (it can quote the values). */
    public static String describe(Throwable failure) {
        for (Throwable c = failure; c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException sql) {
                return failure.getClass().getSimpleName() + ", SQLState " + sql.getSQLState();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
