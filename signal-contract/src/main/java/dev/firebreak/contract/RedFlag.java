package dev.firebreak.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the red-flag catalogue: the code clients filter on, its default severity, how long a signal of it lasts,
 * and the OFSI advisory's own words for it, which analysts see as {@code advisoryPassage}.
 *
 * @param lifetime     how long after its evidence a signal of the code stops counting (ISO-8601, {@code P30D}), or
 *                     null for a code that lasts until its producer withdraws it or the aggregator stops deriving it
 * @param lifetimeNote the lifetime as a person reads it ("30 days after the logins", "until a re-screen …")
 */
public record RedFlag(String code, String title, Category category, Severity severity, String lifetime,
                      String lifetimeNote, String advisorySection, String advisoryPassage) {
    public RedFlag {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(lifetimeNote, "lifetimeNote");
        Objects.requireNonNull(advisorySection, "advisorySection");
        Objects.requireNonNull(advisoryPassage, "advisoryPassage");
        if (lifetime != null) {
            Duration.parse(lifetime); // a bad catalogue fails on load, not at a signal
        }
    }

    /** When a signal observed at {@code observedAt} stops counting, or null when the code has no lifetime. */
    public Instant expiresAt(Instant observedAt) {
        return lifetime == null ? null : observedAt.plus(Duration.parse(lifetime));
    }
}
