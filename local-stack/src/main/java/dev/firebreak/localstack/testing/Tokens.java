package dev.firebreak.localstack.testing;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.Map;
import java.util.Set;

/** Real signed tokens from quarkus-test-oidc-server, with Firebreak's tenant claims. */
public final class Tokens {

    private Tokens() {
    }

    public static String tenant(String tenantId, String tenantRole, String... roles) {
        return OidcWiremockTestResource.generateJwtToken("client-" + tenantId, Set.of(roles), "client-" + tenantId,
                "Bearer", Set.of("https://server.example.com"),
                Map.of("tenant_id", tenantId, "tenant_role", tenantRole));
    }

    /** A tenant's token issued for another audience (another application of the same identity provider). */
    public static String forAnotherAudience(String tenantId, String tenantRole, String... roles) {
        return OidcWiremockTestResource.generateJwtToken("client-" + tenantId, Set.of(roles), "client-" + tenantId,
                "Bearer", Set.of("https://another-application.example.com"),
                Map.of("tenant_id", tenantId, "tenant_role", tenantRole));
    }

    /** A token with roles but no tenant (an operator's or a service's). */
    public static String withoutTenant(String... roles) {
        return OidcWiremockTestResource.generateJwtToken("operator", Set.of(roles), "operator", "Bearer",
                Set.of("https://server.example.com"), Map.of());
    }
}
