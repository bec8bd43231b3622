package dev.firebreak.aggregator.assessment;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The red-flag catalogue as one tenant sees it: each code's definition with the tenant's severity override
 * ({@code firebreak.tenants."<tenant>".severities.<code>}), if any. Configuration is fixed for the life of the
 * process, so each tenant's definition of a code is resolved once.
 */
@ApplicationScoped
public class TenantDefinitions {

    private final FlagDefinitions catalogue;
    private final Config config;
    private final Map<String, Optional<FlagDefinition>> resolved = new ConcurrentHashMap<>();

    public TenantDefinitions(FlagDefinitions catalogue, Config config) {
        this.catalogue = catalogue;
        this.config = config;
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
        return config.getOptionalValue("firebreak.tenants.\"" + tenantId + "\".severities." + code, String.class)
                .map(s -> new FlagDefinition(d.code(), d.title(), d.category(), Severity.valueOf(s.trim()), d.advisoryPassage()))
                .orElse(d);
    }
}
