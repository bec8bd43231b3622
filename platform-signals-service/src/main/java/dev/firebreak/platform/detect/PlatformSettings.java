package dev.firebreak.platform.detect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The platform detectors' deployment-wide settings besides their {@link Thresholds}. */
@ConfigMapping(prefix = "firebreak.platform")
public interface PlatformSettings {

    /** How far behind an account's newest event another may arrive and still be placed in its history. */
    @WithDefault("PT6H")
    Duration lateness();

    /** How long an account's, IP's, device's or client's events are kept for the windows (beyond the longest). */
    @WithDefault("P35D")
    Duration retention();

    /** The tenants allowed on the shared {@code platform.events} topic (a message of any other is dead-lettered). */
    Optional<List<String>> topicTenants();

    /** Ranges whose IPs link no accounts (PL-02): carrier-grade NAT (RFC 6598) by default, a corporate proxy. */
    @WithDefault("100.64.0.0/10")
    List<String> commonIpRanges();
}
