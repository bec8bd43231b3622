package dev.firebreak.console.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is logged in: their name, tenant and roles (from their tokens; the services check the same). */
@RequestScoped
public class Person {

    @Inject
    SecurityIdentity identity;

    @Inject
    @IdToken
    JsonWebToken idToken;

    public String name() {
        String name = idToken.getClaim("preferred_username");
        return name == null ? identity.getPrincipal().getName() : name;
    }

    /** The person's tenant, or null for an operator (no tenant). */
    public String tenant() {
        return idToken.getClaim("tenant_id");
    }

    public boolean analyst() {
        return identity.hasRole("analyst");
    }

    public boolean operator() {
        return identity.hasRole("operator");
    }

    public boolean admin() {
        return identity.hasRole("admin");
    }

    /** The roles, for the header ("analyst", "admin"...). */
    public String roles() {
        return String.join(", ", new java.util.TreeSet<>(identity.getRoles()));
    }
}
