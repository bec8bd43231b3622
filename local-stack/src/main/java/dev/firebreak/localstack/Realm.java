package dev.firebreak.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * The Keycloak realm of the local stack: the roles of DESIGN.md "Tenancy", one client-credentials client per
 * demo tenant (all tenant roles) plus one per tenant and role, an {@code operator} and a {@code screening}
 * client. Tenant clients carry the {@code tenant_id} and {@code tenant_role} claims.
 */
public final class Realm {

    public static final String NAME = "firebreak";
    public static final List<String> TENANT_ROLES = List.of("ingest", "analyst", "admin");

    /**
     * The demo tenants and their tenant roles; {@code demo-marketplace} is a freelance platform that also pays its
     * workers, kept for the detection-quality population so that its size and identifiers are its own.
     */
    public static final List<Tenant> TENANTS = List.of(
            new Tenant("demo-hiring", "HIRING_FIRM"),
            new Tenant("demo-platform", "PLATFORM"),
            new Tenant("demo-emi", "EMI"),
            new Tenant("demo-marketplace", "PLATFORM"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private Realm() {
    }

    public record Tenant(String id, String tenantRole) {
    }

    /** The client to ask for a token: a tenant's own client, or its single-role client, or operator/screening. */
    /** The audience of the suite's tokens ({@code quarkus.oidc.token.audience} of every service). */
    public static final String AUDIENCE = "firebreak";

    public static String clientId(String tenantOrService, String role) {
        if (role == null || role.isBlank()) {
            return tenantOrService;
        }
        return tenantOrService + "-" + role.toLowerCase(Locale.ROOT);
    }

    public static ObjectNode representation(Secrets secrets) {
        ObjectNode realm = JSON.createObjectNode();
        realm.put("realm", NAME);
        realm.put("enabled", true);
        realm.put("accessTokenLifespan", 1800);
        realm.put("sslRequired", "none");
        ArrayNode roles = realm.putObject("roles").putArray("realm");
        for (String role : List.of("ingest", "analyst", "admin", "operator", "screening")) {
            roles.addObject().put("name", role).put("description", "Firebreak role " + role);
        }
        ArrayNode clients = realm.putArray("clients");
        ArrayNode users = realm.putArray("users");
        for (Tenant tenant : TENANTS) {
            addClient(clients, users, secrets, tenant.id(), tenant, TENANT_ROLES);
            for (String role : TENANT_ROLES) {
                addClient(clients, users, secrets, clientId(tenant.id(), role), tenant, List.of(role));
            }
        }
        addClient(clients, users, secrets, "operator", null, List.of("operator"));
        addClient(clients, users, secrets, "screening", null, List.of("screening"));
        return realm;
    }

    private static void addClient(ArrayNode clients, ArrayNode users, Secrets secrets, String clientId, Tenant tenant,
                                  List<String> roles) {
        ObjectNode client = clients.addObject();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", secrets.get("client." + clientId));
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        client.put("fullScopeAllowed", true);
        ArrayNode mappers = client.putArray("protocolMappers");
        audience(mappers);
        if (tenant != null) {
            claim(mappers, "tenant_id", tenant.id());
            claim(mappers, "tenant_role", tenant.tenantRole());
        }
        ObjectNode user = users.addObject();
        user.put("username", "service-account-" + clientId);
        user.put("enabled", true);
        user.put("serviceAccountClientId", clientId);
        ArrayNode realmRoles = user.putArray("realmRoles");
        roles.forEach(realmRoles::add);
    }

    /** Every token names the suite as its audience; the services refuse tokens meant for anything else. */
    private static void audience(ArrayNode mappers) {
        ObjectNode mapper = mappers.addObject();
        mapper.put("name", "audience");
        mapper.put("protocol", "openid-connect");
        mapper.put("protocolMapper", "oidc-audience-mapper");
        ObjectNode config = mapper.putObject("config");
        config.put("included.custom.audience", AUDIENCE);
        config.put("access.token.claim", "true");
        config.put("id.token.claim", "false");
        config.put("introspection.token.claim", "true");
    }

    private static void claim(ArrayNode mappers, String name, String value) {
        ObjectNode mapper = mappers.addObject();
        mapper.put("name", name);
        mapper.put("protocol", "openid-connect");
        mapper.put("protocolMapper", "oidc-hardcoded-claim-mapper");
        ObjectNode config = mapper.putObject("config");
        config.put("claim.name", name);
        config.put("claim.value", value);
        config.put("jsonType.label", "String");
        config.put("access.token.claim", "true");
        config.put("id.token.claim", "false");
        config.put("userinfo.token.claim", "false");
        config.put("introspection.token.claim", "true");
    }
}
