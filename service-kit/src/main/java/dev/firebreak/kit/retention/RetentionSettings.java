package dev.firebreak.kit.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long raw data is kept after the service received it ({@code firebreak.retention.*}; per tenant
 * {@code firebreak.tenants."<tenant>".retention.*}). The defaults and why: docs/privacy.md.
 */
@ConfigMapping(prefix = "firebreak.retention")
public interface RetentionSettings {

    /** Platform events the REST API took (platform-signals-service): the detectors' windows are days to weeks. */
    @WithDefault("180d")
    Duration platformEvents();

    /** Transfers, payout accounts and payment requests (payments-service): five years, as UK AML records. */
    @WithDefault("1826d")
    Duration transfers();

    /** Identity documents (identity-service): five years, as UK AML customer-due-diligence records. */
    @WithDefault("1826d")
    Duration documents();

    /** Profile snapshots, attestations and shipping requests (identity-service). */
    @WithDefault("1826d")
    Duration profiles();

    /** Signals and observations: the aggregator's evidence and each service's kept signals. */
    @WithDefault("730d")
    Duration signals();

    /** When the daily job runs (a Quartz-style cron, the service's time zone). */
    @WithDefault("0 17 3 * * ?")
    String cron();

    /** Rows one statement deletes: the job deletes in chunks, each its own transaction. */
    @WithDefault("5000")
    int chunk();
}
