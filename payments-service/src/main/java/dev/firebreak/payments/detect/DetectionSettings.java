package dev.firebreak.payments.detect;

import dev.firebreak.kit.tenancy.TenantSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The payment detectors' {@link PaymentsThresholds} per tenant ({@link TenantSettings}): deployment defaults under
 * {@code firebreak.payments.*}, each overridable per tenant under {@code firebreak.tenants."<tenant>".payments.*}
 * (e.g. the high-risk jurisdiction list, comma-separated ISO alpha-2 codes), as each detector takes them.
 */
@ApplicationScoped
public class DetectionSettings {

    private final TenantSettings tenants;
    // configuration is fixed for the life of the process: each tenant's settings are resolved once
    private final Map<String, PayoutAccountDetector.Settings> payouts = new ConcurrentHashMap<>();
    private final Map<String, TransferDetector.Settings> transfers = new ConcurrentHashMap<>();

    public DetectionSettings(Config config) {
        this.tenants = new TenantSettings(config);
        // a value that does not convert, deployment-wide or a tenant's, stops the service at start
        tenants.check(PaymentsThresholds.class);
    }

    public PayoutAccountDetector.Settings forTenant(String tenantId) {
        return payouts.computeIfAbsent(tenantId, t -> payouts(tenants.of(PaymentsThresholds.class, t)));
    }

    public TransferDetector.Settings transfersForTenant(String tenantId) {
        return transfers.computeIfAbsent(tenantId, t -> transfers(tenants.of(PaymentsThresholds.class, t)));
    }

    static PayoutAccountDetector.Settings payouts(PaymentsThresholds p) {
        return new PayoutAccountDetector.Settings(p.sameNameScore(), p.accountSwitchWindow(), p.accountSwitches(),
                p.sharedAccountWorkers(), countries(p.highRiskCountries()));
    }

    static TransferDetector.Settings transfers(PaymentsThresholds p) {
        return new TransferDetector.Settings(p.velocity(), p.velocityWindow(), p.smallDebit(),
                countries(p.highRiskCountries()), p.cycleWindow(), p.cycleLength(), p.pathWindow(), p.pathHops(),
                p.fanWindow(), p.fanIn());
    }

    /** The defaults alone (tests, tools). */
    static PaymentsThresholds defaults() {
        return TenantSettings.standalone(PaymentsThresholds.class, Map.of(), "");
    }

    private static Set<String> countries(List<String> list) {
        return list.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
