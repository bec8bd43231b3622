package dev.firebreak.kit.tenancy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where a token carries its tenant ({@code firebreak.tenancy.*}). */
@ConfigMapping(prefix = "firebreak.tenancy")
public interface TenancySettings {

    /** The claim naming the caller's tenant. */
    @WithDefault("tenant_id")
    String tenantClaim();

    /** The claim naming the tenant's role (HIRING_FIRM, PLATFORM, EMI). */
    @WithDefault("tenant_role")
    String tenantRoleClaim();
}
