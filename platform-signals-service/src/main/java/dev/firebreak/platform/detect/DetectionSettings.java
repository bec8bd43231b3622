package dev.firebreak.platform.detect;

import dev.firebreak.kit.tenancy.TenantSettings;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The platform detectors' settings: their {@link Thresholds} per tenant ({@link TenantSettings}: RED-FLAGS.md's
 * defaults, overridden deployment-wide under {@code firebreak.platform.<key>} and per tenant under
 * {@code firebreak.tenants."<tenant>".platform.<key>}), and the deployment's {@link PlatformSettings}: the lateness
 * allowed to out-of-order events, how long a key's history is kept, the tenants allowed on the
 * {@code platform.events} topic and the ranges whose IPs link nobody (PL-02).
 */
@ApplicationScoped
public class DetectionSettings {

    private final TenantSettings tenants;
    private final PlatformSettings platform;
    private final Set<String> topicTenants;
    private final List<IPAddress> commonRanges;
    private final Set<String> configuredTenants;

    public DetectionSettings(Config config) {
        this.tenants = new TenantSettings(config);
        this.platform = tenants.of(PlatformSettings.class, "");
        this.topicTenants = platform.topicTenants().orElse(List.of()).stream().map(String::strip).collect(Collectors.toUnmodifiableSet());
        this.commonRanges = platform.commonIpRanges().stream().map(String::strip).map(DetectionSettings::range).toList();
        // a value that does not convert, deployment-wide or a tenant's, stops the service at start
        this.configuredTenants = tenants.check(Thresholds.class);
    }

    /** The tenants the configuration names (their own thresholds were checked at start). */
    public Set<String> configuredTenants() {
        return configuredTenants;
    }

    /** The tenant's thresholds (deployment-wide values where the tenant sets none); fixed for the process's life. */
    public Thresholds thresholds(String tenantId) {
        return tenants.of(Thresholds.class, tenantId);
    }

    /** How far behind an account's newest event another may arrive and still be placed in its history. */
    public Duration lateness() {
        return platform.lateness();
    }

    /** How long an account's, IP's, device's or client's events are kept for the windows (beyond the longest). */
    public Duration retention() {
        return platform.retention();
    }

    /** Whether {@code platform.events} accepts the tenant (a message of any other goes to the dead-letter topic). */
    public boolean acceptsOnTopic(String tenantId) {
        return topicTenants.contains(tenantId);
    }

    /** An IP of a configured common range (carrier NAT, a corporate proxy): it links no accounts (PL-02). */
    public boolean commonIp(String ip) {
        IPAddress address = new IPAddressString(ip).getAddress();
        return address != null && commonRanges.stream().anyMatch(r -> r.contains(address));
    }

    private static IPAddress range(String cidr) {
        IPAddress address = new IPAddressString(cidr).getAddress();
        if (address == null) {
            throw new IllegalArgumentException("firebreak.platform.common-ip-ranges: not a CIDR range: " + cidr);
        }
        return address.toPrefixBlock();
    }
}
