package dev.firebreak.platform;

import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.detect.Thresholds;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectionSettingsTest {

    private static DetectionSettings settings(Map<String, String> properties) {
        return new DetectionSettings(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build());
    }

    @Test
    void aTenantOverridesTheDeploymentWhichOverridesTheCatalogue() {
        DetectionSettings s = settings(Map.of(
                "firebreak.platform.ips-per-account", "7",
                "firebreak.platform.ip-window", "PT2H",
                "firebreak.tenants.\"strict\".platform.ips-per-account", "4",
                "firebreak.tenants.\"strict\".platform.remote-access-ports", "3389, 22",
                "firebreak.tenants.\"strict\".platform.day-start", "06:30",
                "firebreak.tenants.\"strict\".platform.text-similarity", "0.9"));
        Thresholds strict = s.thresholds("strict");
        Thresholds other = s.thresholds("other");
        assertEquals(4, strict.ipsPerAccount());
        assertEquals(Duration.ofHours(2), strict.ipWindow(), "the deployment's value where the tenant sets none");
        assertEquals(Set.of(3389, 22), strict.remoteAccessPorts());
        assertEquals(LocalTime.of(6, 30), strict.dayStart());
        assertEquals(0.9, strict.textSimilarity());
        assertEquals(7, other.ipsPerAccount());
        assertEquals(Thresholds.defaults().accountsPerIp(), other.accountsPerIp(), "RED-FLAGS.md's default otherwise");
    }

    @Test
    void aValueThatDoesNotParseIsRefusedNamingTheSetting() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("firebreak.platform.ip-window", "an hour")));
        assertTrue(e.getMessage().contains("ip-window"), e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> settings(Map.of(
                "firebreak.tenants.\"t1\".platform.bids", "many")).thresholds("t1"));
        assertTrue(t.getMessage().contains("tenant t1") && t.getMessage().contains("bids"), t.getMessage());
    }

    @Test
    void topicTenantsAndCommonRangesComeFromConfiguration() {
        DetectionSettings s = settings(Map.of("firebreak.platform.topic-tenants", "acme, globex",
                "firebreak.platform.common-ip-ranges", "100.64.0.0/10, 2001:db8:cafe::/48"));
        assertTrue(s.acceptsOnTopic("acme"));
        assertTrue(s.acceptsOnTopic("globex"), "list items are stripped");
        assertFalse(s.acceptsOnTopic("initech"));
        assertTrue(s.commonIp("100.72.18.9"));
        assertTrue(s.commonIp("2001:db8:cafe::17"));
        assertFalse(s.commonIp("198.51.100.7"));
        assertEquals(Duration.ofHours(6), s.lateness());
    }
}
