package dev.firebreak.aggregator.assessment;

import dev.firebreak.kit.tenancy.TenantSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The red-flag catalogue as one tenant sees it: each code's definition with the severity the tenant or the deployment
 * sets in its place ({@link SeverityOverrides}, read through the kit's {@link TenantSettings}), if any. Configuration
 * is fixed for the life of the process, so each tenant's definition of a code is resolved once.
 */
@ApplicationScoped
public class TenantDefinitions {

    private final FlagDefinitions catalogue;
    private final TenantSettings settings;
    private final Map<String, Optional<FlagDefinition>> resolved = new ConcurrentHashMap<>();

    public TenantDefinitions(FlagDefinitions catalogue, TenantSettings settings) {
        this.catalogue = catalogue;
        this.settings = settings;
    }

    /** A severity override that does not convert, deployment-wide or a tenant's, stops the service at start. */
    void checkAtStart(@Observes StartupEvent start) {
        settings.check(SeverityOverrides.class);
    }

    /** The tenant's definition of the code, or null if the catalogue has no such code. */
    public FlagDefinition find(String tenantId, String code) {
        return resolved.computeIfAbsent(tenantId + "\u001f" + code, k -> Optional.ofNullable(resolve(tenantId, code)))
                .orElse(null);
    }

    private FlagDefinition resolve(String tenantId, String code) {
        FlagDefinition d = catalogue.find(code).orElse(null);
        if (d == null) {
            return null;
        }
        Severity severity = settings.of(SeverityOverrides.class, tenantId).codes().get(code);
        return severity == null ? d : new FlagDefinition(d.code(), d.title(), d.category(), severity, d.advisoryPassage(), d.expires());
    }
}
