package dev.firebreak.kit.tenancy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one per-tenant override mechanism: the tenant's key, else the deployment's, else the default; typed. */
class TenantSettingsTest {

    @ConfigMapping(prefix = "firebreak.sample")
    public interface Sample {
        @WithDefault("5")
        int limit();

        @WithDefault("PT1H")
        Duration window();

        @WithDefault("CN,KP")
        List<String> countries();
    }

    @ConfigMapping(prefix = "firebreak.levels")
    public interface Levels {
        @WithParentName
        Map<String, String> byCode();
    }

    private static final Map<String, String> PROPERTIES = Map.of(
            "firebreak.sample.limit", "7",
            "firebreak.tenants.\"strict\".sample.limit", "3",
            "firebreak.tenants.\"strict\".sample.window", "2h",
            "firebreak.tenants.\"other\".sample.countries", "RU,VN",
            "firebreak.levels.PL-02", "MEDIUM",
            "firebreak.tenants.\"strict\".levels.PL-08", "LOW");

    @Test
    void aTenantsKeyOverridesTheDeploymentsWhichOverridesTheDefault() {
        Sample strict = TenantSettings.standalone(Sample.class, PROPERTIES, "strict");
        assertEquals(3, strict.limit());
        assertEquals(Duration.ofHours(2), strict.window(), "durations as Quarkus reads them");
        assertEquals(List.of("CN", "KP"), strict.countries(), "the default where neither sets it");
        Sample other = TenantSettings.standalone(Sample.class, PROPERTIES, "other");
        assertEquals(7, other.limit(), "the deployment's value where the tenant sets none");
        assertEquals(List.of("RU", "VN"), other.countries());
        assertEquals(7, TenantSettings.standalone(Sample.class, PROPERTIES, "").limit(), "the deployment's own");
        assertEquals(5, TenantSettings.standalone(Sample.class, Map.of(), "x").limit());
    }

    @Test
    void mapsJoinTheTenantsEntriesToTheDeployments() {
        assertEquals(Map.of("PL-02", "MEDIUM", "PL-08", "LOW"), TenantSettings.standalone(Levels.class, PROPERTIES, "strict").byCode());
        assertEquals(Map.of("PL-02", "MEDIUM"), TenantSettings.standalone(Levels.class, PROPERTIES, "other").byCode());
    }

    @Test
    void aValueThatDoesNotConvertIsRefusedNamingTheKeyAndTheTenant() {
        var e = assertThrows(IllegalArgumentException.class, () -> TenantSettings.standalone(Sample.class,
                Map.of("firebreak.tenants.\"t1\".sample.limit", "many"), "t1"));
        assertTrue(e.getMessage().contains("tenant t1") && e.getMessage().contains("limit"), e.getMessage());
        assertEquals(5, TenantSettings.standalone(Sample.class, Map.of("firebreak.tenants.\"t1\".sample.limit", "many"), "t2")
                .limit(), "another tenant's bad value is not this tenant's concern");
    }

    @Test
    void theTenantsTheConfigurationNamesAreCheckedAtStart() {
        TenantSettings settings = TenantSettings.standalone(PROPERTIES);
        assertEquals(java.util.Set.of("strict", "other"), settings.tenants());
        assertEquals(java.util.Set.of("strict", "other"), settings.check(Sample.class));
        assertEquals(java.util.Set.of("acme.io", "plain"), TenantSettings.standalone(Map.of(
                "firebreak.tenants.\"acme.io\".sample.limit", "1", "firebreak.tenants.plain.sample.limit", "2")).tenants());
        // one tenant's value that does not convert fails the check, naming it: the service refuses to start, rather
        // than failing that tenant's records later on a thread it shares with every other tenant
        TenantSettings bad = TenantSettings.standalone(Map.of("firebreak.tenants.\"t1\".sample.limit", "many",
                "firebreak.tenants.\"t2\".sample.limit", "3"));
        var e = assertThrows(IllegalArgumentException.class, () -> bad.check(Sample.class));
        assertTrue(e.getMessage().contains("tenant t1") && e.getMessage().contains("limit"), e.getMessage());
    }
}
