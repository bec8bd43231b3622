package dev.firebreak.payments.detect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Thresholds and windows of the payment detectors: deployment-wide under {@code firebreak.payments.<key>}, per tenant
 * under {@code firebreak.tenants."<tenant>".payments.<key>} (the kit's {@code TenantSettings}).
 */
@ConfigMapping(prefix = "firebreak.payments")
public interface PaymentsThresholds {

    /** PM-01: the name score at or above which a payout account's holder is the worker. */
    @WithDefault("0.85")
    double sameNameScore();

    /** PM-02: the window of {@link #accountSwitches()}. */
    @WithDefault("P90D")
    Duration accountSwitchWindow();

    /** PM-02: new payout accounts within the window that are a pattern. */
    @WithDefault("2")
    int accountSwitches();

    /** PM-11: workers paid into one account that make it shared. */
    @WithDefault("3")
    int sharedAccountWorkers();

    /** PM-07 (and the graph rows PM-08, PM-09): high-risk jurisdictions (ISO 3166 alpha-2, any case). */
    @WithDefault("CN,RU,VN,LA,KP")
    List<String> highRiskCountries();

    /** PM-05: a payer's transfers within {@link #velocityWindow()} that are a burst. */
    @WithDefault("10")
    int velocity();

    /** PM-05: the window of {@link #velocity()}. */
    @WithDefault("PT24H")
    Duration velocityWindow();

    /** PM-12: a debit at or below this amount, initiated by someone other than the payer, is suspicious. */
    @WithDefault("100")
    BigDecimal smallDebit();

    /** PM-06: how long a cycle of transfers may take. */
    @WithDefault("P30D")
    Duration cycleWindow();

    /** PM-06: the most transfers in a cycle. */
    @WithDefault("4")
    int cycleLength();

    /** PM-08: how long a client's payment may take through intermediaries. */
    @WithDefault("P30D")
    Duration pathWindow();

    /** PM-08: the most intermediaries. */
    @WithDefault("4")
    int pathHops();

    /** PM-09: the window of {@link #fanIn()}. */
    @WithDefault("P14D")
    Duration fanWindow();

    /** PM-09: unrelated payers into one party that make it a collector. */
    @WithDefault("5")
    int fanIn();
}
