package dev.firebreak.kit.messaging;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decisions of {@link RecordIsolation} with a stand-in for the transaction (the same class against real
 * PostgreSQL is in the risk-aggregator's tests): a data error isolates the record, an outage skips nothing.
 */
class RecordIsolationTest {

    private static final Duration NO_WAIT = Duration.ofMillis(1);

    @Test
    void aRecordTheDatabaseRefusesAloneIsHandedBackAndTheOthersAreWritten() {
        List<String> committed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        RecordIsolation isolation = new RecordIsolation("t", Runnable::run, NO_WAIT, NO_WAIT);
        isolation.write(List.of("a", "bad", "b", "c"), batch -> {
            if (batch.contains("bad")) {
                throw new IllegalStateException("insert failed", new SQLException("value too long", "22001"));
            }
            committed.addAll(batch);
        }, (record, error) -> refused.add(record));
        assertEquals(List.of("a", "b", "c"), committed);
        assertEquals(List.of("bad"), refused);
    }

    @Test
    void anOutageRetriesTheWholeBatchAndSkipsNothing() {
        AtomicInteger calls = new AtomicInteger();
        List<List<String>> committed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        RecordIsolation isolation = new RecordIsolation("t", Runnable::run, NO_WAIT, NO_WAIT);
        isolation.write(List.of("a", "b"), batch -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException(new SQLException("connection refused", "08001"));
            }
            committed.add(batch);
        }, (record, error) -> refused.add(record));
        assertEquals(List.of(List.of("a", "b")), committed, "the batch is written whole, once, after the outage");
        assertEquals(4, calls.get());
        assertTrue(refused.isEmpty());
    }

    @Test
    void whatCountsAsAnOutage() {
        Map<Throwable, Boolean> cases = Map.of(
                new SQLException("value too long for type character varying(300)", "22001"), false,
                new SQLException("duplicate key", "23505"), false,
                new RuntimeException(new SQLException("invalid byte sequence", "22021")), false,
                new SQLException("terminating connection due to administrator command", "57P01"), true,
                new SQLException("canceling statement due to statement timeout", "57014"), true,
                new SQLException("deadlock detected", "40P01"), true,
                new SQLException("Acquisition timeout while waiting for new connection"), true,
                new SQLTransientConnectionException("pool exhausted"), true,
                new SQLException("column does not exist", "42703"), true,
                new IllegalArgumentException("a value the code could not read"), false);
        cases.forEach((failure, outage) -> assertEquals(outage, RecordIsolation.outage(failure), failure.toString()));
    }

    @Test
    void theDescriptionNamesClassAndStateButNoValue() {
        String described = RecordIsolation.describe(new IllegalStateException(
                new SQLException("Key (tenant_id, worker_id)=(tenant-a, w-1) already exists", "23505")));
        assertEquals("IllegalStateException, SQLState 23505", described);
        assertFalse(described.contains("w-1"));
    }
}
