package dev.firebreak.aggregator.assessment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Map;

/**
 * Severities a deployment ({@code firebreak.severities.<code>=HIGH}) or a tenant
 * ({@code firebreak.tenants."<tenant>".severities.<code>=HIGH}) sets in place of the catalogue's.
 */
@ConfigMapping(prefix = "firebreak.severities")
public interface SeverityOverrides {

    /** By red-flag code. */
    @WithParentName
    Map<String, Severity> codes();
}
