package dev.firebreak.kit.failure;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the 500 mapper and the consumers log of a failure: classes, SQLState and place, never a value. */
class FailuresTest {

    @Test
    void aUniqueViolationIsDescribedWithoutTheRowItQuotes() {
        SQLException duplicate = new SQLException("ERROR: duplicate key value violates unique constraint document_once"
                + " Detail: Key (tenant_id, worker_id)=(tenant-a, w-secret-7) already exists.", "23505");
        RuntimeException wrapped = new IllegalStateException("could not execute statement: " + duplicate.getMessage(),
                new RuntimeException(duplicate));
        String described = Failures.describe(wrapped);
        assertTrue(described.startsWith("IllegalStateException <- RuntimeException <- SQLException (SQLState 23505) at "),
                described);
        assertFalse(described.contains("w-secret-7") || described.contains("tenant-a"), described);
        assertEquals(Optional.of("23505"), Failures.sqlState(wrapped));
        assertEquals(Optional.empty(), Failures.sqlState(new IllegalArgumentException("w-secret-7")));
    }
}
