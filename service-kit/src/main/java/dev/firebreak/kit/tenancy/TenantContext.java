package dev.firebreak.kit.tenancy;

import dev.firebreak.kit.api.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;
import java.util.Set;

/**
 * The tenant of the current request, from the bearer token's claims (never from the body): {@code tenant_id}
 * (configurable) and the tenant's role {@code tenant_role} ({@code HIRING_FIRM}, {@code PLATFORM}, {@code EMI}).
 */
@RequestScoped
public class TenantContext {

    public static final Set<String> TENANT_ROLES = Set.of("HIRING_FIRM", "PLATFORM", "EMI");

    private final SecurityIdentity identity;
    private final String tenantClaim;
    private final String tenantRoleClaim;

    public TenantContext(SecurityIdentity identity, TenancySettings settings) {
        this.identity = identity;
        this.tenantClaim = settings.tenantClaim();
        this.tenantRoleClaim = settings.tenantRoleClaim();
    }

    /** The caller's tenant; a token without one (e.g. an operator's) cannot touch tenant data: 403. */
    public String tenantId() {
        return claim(tenantClaim).filter(t -> t.matches("[A-Za-z0-9._-]{1,100}"))
                .orElseThrow(() -> new ProblemException(403, "Forbidden",
                        "the token carries no valid '" + tenantClaim + "' claim"));
    }

    /** The tenant's role, if the token names a known one. */
    public Optional<String> tenantRole() {
        return claim(tenantRoleClaim).filter(TENANT_ROLES::contains);
    }

    /** Who is calling, for audit entries: the token's preferred user name, else its subject. */
    public String actor() {
        return claim("preferred_username").or(() -> claim("sub"))
                .orElse(identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName());
    }

    private Optional<String> claim(String name) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        Object value = jwt.getClaim(name);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString();
        if (text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
