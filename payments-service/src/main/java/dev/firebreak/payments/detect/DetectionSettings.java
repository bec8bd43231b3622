package dev.firebreak.payments.detect;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Thresholds and windows, deployment defaults under {@code firebreak.payments.*}, each overridable per tenant under
 * {@code firebreak.tenants."<tenant>".payments.*} (e.g. the high-risk jurisdiction list, comma-separated ISO
 * alpha-2 codes).
 */
@ApplicationScoped
public class DetectionSettings {

    private final Config config;
    // configuration is fixed for the life of the process: each tenant's settings are resolved once
    private final Map<String, PayoutAccountDetector.Settings> payouts = new ConcurrentHashMap<>();
    private final Map<String, TransferDetector.Settings> transfers = new ConcurrentHashMap<>();

    public DetectionSettings(Config config) {
        this.config = config;
    }

    public PayoutAccountDetector.Settings forTenant(String tenantId) {
        return payouts.computeIfAbsent(tenantId, this::resolvePayouts);
    }

    public TransferDetector.Settings transfersForTenant(String tenantId) {
        return transfers.computeIfAbsent(tenantId, this::resolveTransfers);
    }

    private PayoutAccountDetector.Settings resolvePayouts(String tenantId) {
        PayoutAccountDetector.Settings d = PayoutAccountDetector.Settings.defaults();
        return new PayoutAccountDetector.Settings(
                value(tenantId, "same-name-score", Double.class, d.sameNameScore()),
                value(tenantId, "account-switch-window", Duration.class, d.switchWindow()),
                value(tenantId, "account-switches", Integer.class, d.switches()),
                value(tenantId, "shared-account-workers", Integer.class, d.sharedAccountWorkers()),
                countries(value(tenantId, "high-risk-countries", String.class, String.join(",", d.highRiskCountries()))));
    }

    private TransferDetector.Settings resolveTransfers(String tenantId) {
        TransferDetector.Settings d = TransferDetector.Settings.defaults();
        return new TransferDetector.Settings(
                value(tenantId, "velocity", Integer.class, d.velocity()),
                value(tenantId, "velocity-window", Duration.class, d.velocityWindow()),
                value(tenantId, "small-debit", BigDecimal.class, d.smallDebit()),
                countries(value(tenantId, "high-risk-countries", String.class, String.join(",", d.highRiskCountries()))),
                value(tenantId, "cycle-window", Duration.class, d.cycleWindow()),
                value(tenantId, "cycle-length", Integer.class, d.cycleLength()),
                value(tenantId, "path-window", Duration.class, d.pathWindow()),
                value(tenantId, "path-hops", Integer.class, d.pathHops()),
                value(tenantId, "fan-window", Duration.class, d.fanWindow()),
                value(tenantId, "fan-in", Integer.class, d.fanIn()));
    }

    private <T> T value(String tenantId, String name, Class<T> type, T fallback) {
        return config.getOptionalValue("firebreak.tenants.\"" + tenantId + "\".payments." + name, type)
                .or(() -> config.getOptionalValue("firebreak.payments." + name, type)).orElse(fallback);
    }

    private static Set<String> countries(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
