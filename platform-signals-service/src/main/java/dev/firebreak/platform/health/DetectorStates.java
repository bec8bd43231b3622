package dev.firebreak.platform.health;

import dev.firebreak.platform.detect.DetectionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.List;

/**
 * Always UP: what the detectors that read only what a tenant sends are doing, beside PL-08's state in the
 * {@code ip-intelligence} check. PL-13 reads an account without {@code ACCOUNT_VERIFIED} as unverified only for the
 * tenants configured to send every verification ({@code firebreak.tenants."<tenant>".platform.verification-events});
 * a verification that arrives after bids is read for every tenant. PL-05 discounts the ratings of accounts the client
 * hired, for tenants that send {@code clientId} on {@code BID_ACCEPTED}.
 */
@Liveness
@ApplicationScoped
public class DetectorStates implements HealthCheck {

    private final DetectionSettings settings;

    public DetectorStates(DetectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> verifying = settings.configuredTenants().stream()
                .filter(t -> settings.thresholds(t).verificationEvents()).toList();
        boolean everywhere = settings.thresholds("").verificationEvents();
        return HealthCheckResponse.named("detectors").up()
                .withData("PL-13", everywhere ? "unverified accounts: every tenant (deployment-wide verification-events)"
                        : verifying.isEmpty() ? "verified late only: no tenant is configured to send every verification"
                        : "unverified accounts: tenants " + verifying + "; verified late only: the others")
                .withData("PL-05", "ratings of accounts the client hired (BID_ACCEPTED with clientId) are not counted")
                .build();
    }
}
