package dev.firebreak.kit.work;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failing step is warned of; a step cut short because the drainer closes (the service stopping) is not. */
class DrainerTest {

    private final Logger log = Logger.getLogger(Drainer.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(handler);
        log.setUseParentHandlers(false); // the failure these tests cause is not printed as if the build had one
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(handler);
        log.setUseParentHandlers(true);
    }

    @Test
    void aFailingStepIsWarnedOf() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        try (Drainer drainer = new Drainer("test-failing", 10, () -> {
            failed.countDown();
            throw new IllegalStateException("the database is down");
        })) {
            drainer.kick();
            assertTrue(failed.await(10, TimeUnit.SECONDS));
            awaitQuietly(() -> !warnings.isEmpty());
        }
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void aStepCutShortByClosingIsNotAFailure() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Drainer drainer = new Drainer("test-closing", 10, () -> {
            started.countDown();
            try {
                Thread.sleep(60_000); // a step waiting on another service when the service stops
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the application is stopping");
            } finally {
                ended.countDown();
            }
        });
        drainer.kick();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        drainer.close();
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        Thread.sleep(200); // the drain's catch runs after the step's finally
        assertEquals(List.of(), warnings);
    }

    private static void awaitQuietly(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
    }
}
