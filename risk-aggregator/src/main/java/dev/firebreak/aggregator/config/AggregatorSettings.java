package dev.firebreak.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The risk-aggregator's settings ({@code firebreak.assessments.*}, {@code firebreak.network.*}). */
public interface AggregatorSettings {

    /** Keeping the stored assessments current ({@code firebreak.assessments.*}). */
    @ConfigMapping(prefix = "firebreak.assessments")
    interface Assessments {

        /** Workers one refresher recomputes per transaction. */
        @WithDefault("500")
        int refreshBatch();

        /** Refreshers working the queue at once. */
        @WithDefault("2")
        int refreshThreads();

        /**
         * While the consumers have a backlog, a refresher pauses this many times as long as its last batch took before
         * the next one: consuming (what makes a GET current) comes first.
         */
        @WithDefault("3")
        double refreshYield();

        /** How often the refreshers look at the queue when nothing woke them. */
        @WithDefault("1s")
        Duration refreshInterval();

        /** A consumer is behind when the oldest record of its poll is older than this. */
        @WithDefault("250ms")
        Duration consumerBehindAge();

        /** A stored state not confirmed for this long is recomputed (decay, expiries) by the time sweep. */
        @WithDefault("1d")
        Duration restateAfter();

        /** Stored states the time sweep queues per round. */
        @WithDefault("2000")
        int restateBatch();

        /** How often the time sweep runs. */
        @WithDefault("60s")
        Duration sweepInterval();
    }

    /** Linking workers through shared identifiers ({@code firebreak.network.*}). */
    @ConfigMapping(prefix = "firebreak.network")
    interface Network {

        /** An identifier held by more workers than this is common (a payroll provider's account) and links nobody. */
        @WithDefault("20")
        int commonWorkers();

        /**
         * An identifier held by more than this share of the tenant's workers is common too (in a small tenant an
         * agency's payroll account held by a quarter of its workers), down to {@link #commonFloor()} holders.
         */
        @WithDefault("0.02")
        double commonShare();

        /** The fewest holders the share can make common: a group this small sharing a device or account links. */
        @WithDefault("10")
        int commonFloor();
    }
}
