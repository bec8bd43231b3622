package dev.firebreak.kit.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.sql.Timestamp;

/** A {@code timestamptz} column read by a native query, as an Instant whatever type the driver handed back. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }
}
