package dev.firebreak.platform.ip;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's IP-intelligence data from configuration: {@code firebreak.ip-intelligence.city-db}, {@code asn-db},
 * {@code anonymous-ip-db} (MaxMind {@code .mmdb} files) and {@code lists.vpn|hosting|proxy|tor} (plain-text CIDR
 * lists), each optional. What is loaded shows in the {@code ip-intelligence} health check and the
 * {@code firebreak.ip_intelligence.loaded} gauges, so a missing source is visible rather than a silent pass.
 */
@ApplicationScoped
public class IpIntelligenceConfig {

    @Produces
    @ApplicationScoped
    IpIntelligence intelligence(
            @ConfigProperty(name = "firebreak.ip-intelligence.city-db") Optional<String> city,
            @ConfigProperty(name = "firebreak.ip-intelligence.asn-db") Optional<String> asn,
            @ConfigProperty(name = "firebreak.ip-intelligence.anonymous-ip-db") Optional<String> anonymous,
            @ConfigProperty(name = "firebreak.ip-intelligence.lists.vpn") Optional<String> vpn,
            @ConfigProperty(name = "firebreak.ip-intelligence.lists.hosting") Optional<String> hosting,
            @ConfigProperty(name = "firebreak.ip-intelligence.lists.proxy") Optional<String> proxy,
            @ConfigProperty(name = "firebreak.ip-intelligence.lists.tor") Optional<String> tor,
            MeterRegistry metrics) {
        Map<IpIntelligence.Type, Path> lists = new EnumMap<>(IpIntelligence.Type.class);
        vpn.ifPresent(p -> lists.put(IpIntelligence.Type.VPN, Path.of(p)));
        hosting.ifPresent(p -> lists.put(IpIntelligence.Type.HOSTING, Path.of(p)));
        proxy.ifPresent(p -> lists.put(IpIntelligence.Type.PROXY, Path.of(p)));
        tor.ifPresent(p -> lists.put(IpIntelligence.Type.TOR, Path.of(p)));
        IpIntelligence intelligence = new IpIntelligence(lists, city.map(Path::of).orElse(null),
                asn.map(Path::of).orElse(null), anonymous.map(Path::of).orElse(null));
        intelligence.status().forEach((source, state) -> Gauge.builder("firebreak.ip_intelligence.loaded",
                () -> state.startsWith("not loaded") ? 0 : 1).tag("source", source)
                .description("1 when the IP-intelligence source is loaded").register(metrics));
        return intelligence;
    }

    void close(@Disposes IpIntelligence intelligence) {
        intelligence.close();
    }

    /** Always UP (a missing source is not a fault), with each source's state and what is off without it. */
    @Liveness
    @ApplicationScoped
    public static class Health implements HealthCheck {

        private final IpIntelligence intelligence;

        public Health(IpIntelligence intelligence) {
            this.intelligence = intelligence;
        }

        @Override
        public HealthCheckResponse call() {
            var response = HealthCheckResponse.named("ip-intelligence").up();
            intelligence.status().forEach(response::withData);
            response.withData("PL-08", intelligence.classifies() ? "on" : "off: no VPN/hosting/proxy/Tor data loaded");
            return response.build();
        }
    }
}
