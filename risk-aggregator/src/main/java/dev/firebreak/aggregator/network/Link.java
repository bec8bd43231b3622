package dev.firebreak.aggregator.network;

import java.time.Instant;

/** A shared identifier between two workers: which, who saw it (per side), since when the two share it. */
public record Link(String from, String to, String type, String value, String fromSource, String toSource,
                   Instant since) {
}
