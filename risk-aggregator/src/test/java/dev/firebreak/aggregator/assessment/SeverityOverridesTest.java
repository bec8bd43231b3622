package dev.firebreak.aggregator.assessment;

import dev.firebreak.kit.tenancy.TenantSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A tenant's severities: its own, else the deployment's, else the catalogue's. */
class SeverityOverridesTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "firebreak.severities.PL-02", "MEDIUM",
            "firebreak.tenants.\"acme\".severities.PL-08", "LOW",
            "firebreak.tenants.\"acme\".severities.PL-02", "HIGH");

    @Test
    void aTenantsSeverityStandsInForTheDeploymentsAndTheCatalogues() {
        assertEquals(Map.of("PL-02", Severity.HIGH, "PL-08", Severity.LOW),
                TenantSettings.standalone(SeverityOverrides.class, PROPERTIES, "acme").codes());
        assertEquals(Map.of("PL-02", Severity.MEDIUM), TenantSettings.standalone(SeverityOverrides.class, PROPERTIES, "globex").codes());
        assertEquals(Map.of(), TenantSettings.standalone(SeverityOverrides.class, Map.of(), "globex").codes());
    }

    @Test
    void anUnknownSeverityIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TenantSettings.standalone(SeverityOverrides.class,
                Map.of("firebreak.tenants.\"acme\".severities.PL-08", "SEVERE"), "acme"));
    }
}
