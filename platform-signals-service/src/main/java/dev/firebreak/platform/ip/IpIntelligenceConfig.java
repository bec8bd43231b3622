package dev.firebreak.platform.ip;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
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

    /** The operator's IP-intelligence files ({@code firebreak.ip-intelligence.*}), each optional. */
    @ConfigMapping(prefix = "firebreak.ip-intelligence")
    public interface Sources {

        /** MaxMind GeoIP2/GeoLite2 City: where logins come from (LOGIN_COUNTRY, PL-01 impossible travel). */
        Optional<String> cityDb();

        /** MaxMind ASN: the network's operator in PL-08's evidence. */
        Optional<String> asnDb();

        /** MaxMind Anonymous IP: VPN, hosting, proxy and Tor ranges (PL-08). */
        Optional<String> anonymousIpDb();

        /** Plain-text CIDR lists, one range a line. */
        Lists lists();

        interface Lists {
            /** VPN exits. */
            Optional<String> vpn();

            /** Hosting (VPS, cloud) ranges. */
            Optional<String> hosting();

            /** Open proxies. */
            Optional<String> proxy();

            /** Tor exits. */
            Optional<String> tor();
        }
    }

    @Produces
    @ApplicationScoped
    IpIntelligence intelligence(Sources sources, MeterRegistry metrics) {
        Map<IpIntelligence.Type, Path> lists = new EnumMap<>(IpIntelligence.Type.class);
        sources.lists().vpn().ifPresent(p -> lists.put(IpIntelligence.Type.VPN, Path.of(p)));
        sources.lists().hosting().ifPresent(p -> lists.put(IpIntelligence.Type.HOSTING, Path.of(p)));
        sources.lists().proxy().ifPresent(p -> lists.put(IpIntelligence.Type.PROXY, Path.of(p)));
        sources.lists().tor().ifPresent(p -> lists.put(IpIntelligence.Type.TOR, Path.of(p)));
        IpIntelligence intelligence = new IpIntelligence(lists, sources.cityDb().map(Path::of).orElse(null),
                sources.asnDb().map(Path::of).orElse(null), sources.anonymousIpDb().map(Path::of).orElse(null));
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
