package dev.firebreak.kit.work;

import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * "Kick and drain" for a queue kept in a table: {@link #kick()} asks for a drain on one background thread; the
 * drain calls {@code step} (one claimed batch, its own transaction) until a step returns less than a full batch,
 * and drains once more if it was kicked meanwhile. One drain at a time per process; replicas share the table through
 * {@code FOR UPDATE SKIP LOCKED} in their steps. A failed step is logged and left to the next kick (callers kick on
 * a schedule too).
 */
public final class Drainer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Drainer.class);

    private final String name;
    private final IntSupplier step;
    private final int batchSize;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService thread;
    private volatile boolean closed;

    /**
     * @param step      claims and processes one batch, returns how many items it processed
     * @param batchSize a step that processed this many (a full batch) is followed by another at once
     */
    public Drainer(String name, int batchSize, IntSupplier step) {
        this.name = name;
        this.step = step;
        this.batchSize = batchSize;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks for a drain; if one is running it drains once more before it stops. */
    public void kick() {
        pending.set(true);
        if (draining.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    private void drain() {
        try {
            while (pending.getAndSet(false)) {
                int done;
                do {
                    done = step.getAsInt();
                } while (done >= batchSize);
            }
        } catch (RuntimeException e) {
            if (closed) {
                // cut short by shutdown (the step's transaction is not committed): not a failure to warn of
                LOG.debugf("%s: drain stopped by shutdown (%s)", name, e.getClass().getSimpleName());
            } else {
                LOG.warnf("%s: drain failed (%s); the next kick retries", name, e.getClass().getSimpleName());
            }
        } finally {
            draining.set(false);
        }
        if (pending.get()) {
            kick();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
    }
}
