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
 *
 * <p>People (issue 26) log in to the analyst console through Keycloak's own login page (authorization code flow, the
 * {@value #CONSOLE_CLIENT} client): one demo person per tenant and role, {@code <tenant>.<role>}, and an
 * {@code operator}, each with a generated password kept in the stack's secrets ({@code user.<username>}). A person's
 * tenant is a user attribute, put into their tokens as the same {@code tenant_id} and {@code tenant_role} claims.
 */
public final class Realm {

    public static final String NAME = "firebreak";
    /** The analyst console's client (authorization code flow, confidential). */
    public static final String CONSOLE_CLIENT = "analyst-console";
    /** The operator person's user name (no tenant). */
    public static final String OPERATOR_PERSON = "operator";
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

    /** A demo person's user name. */
    public static String username(String tenantId, String role) {
        return tenantId + "." + role.toLowerCase(Locale.ROOT);
    }

    /** The secret holding a person's password. */
    public static String passwordSecret(String username) {
        return "user." + username;
    }

    public static ObjectNode representation(Secrets secrets, String consoleUrl) {
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
        consoleClient(clients, secrets, consoleUrl);
        for (Tenant tenant : TENANTS) {
            for (String role : TENANT_ROLES) {
                person(users, secrets, username(tenant.id(), role), tenant, List.of(role));
            }
        }
        person(users, secrets, OPERATOR_PERSON, null, List.of("operator"));
        userProfile(realm);
        return realm;
    }

    /** The console logs people in (code flow with PKCE) and calls the services with their access token. */
    public static final int CONSOLE_TOKEN_SECONDS = 300;

    private static void consoleClient(ArrayNode clients, Secrets secrets, String consoleUrl) {
        ObjectNode client = clients.addObject();
        client.put("clientId", CONSOLE_CLIENT);
        client.put("name", "Firebreak analyst console");
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", secrets.get("client." + CONSOLE_CLIENT));
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("serviceAccountsEnabled", false);
        client.put("fullScopeAllowed", true);
        client.putArray("redirectUris").add(consoleUrl + "/*");
        client.putArray("webOrigins").add(consoleUrl);
        ObjectNode attributes = client.putObject("attributes");
        attributes.put("pkce.code.challenge.method", "S256");
        attributes.put("post.logout.redirect.uris", consoleUrl + "/*");
        // a person's access token lives five minutes (the realm's 30 are for services' client credentials): the console
        // refreshes it while the person's Keycloak session lives, so a session ended there (idle, maximum age, an
        // administrator's sign-out, a role taken away) ends in the console within five minutes
        attributes.put("access.token.lifespan", Integer.toString(CONSOLE_TOKEN_SECONDS));
        ArrayNode mappers = client.putArray("protocolMappers");
        audience(mappers);
        userAttribute(mappers, "tenant_id");
        userAttribute(mappers, "tenant_role");
    }

    /** A person: a user with a name, an e-mail (so Keycloak asks nothing more at login), a password, roles, a tenant. */
    private static void person(ArrayNode users, Secrets secrets, String username, Tenant tenant, List<String> roles) {
        ObjectNode user = users.addObject();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", username + "@demo.firebreak.invalid");
        user.put("emailVerified", true);
        user.put("firstName", tenant == null ? "Operator" : capitalise(roles.getFirst()));
        user.put("lastName", tenant == null ? "Firebreak" : tenant.id());
        ObjectNode credential = user.putArray("credentials").addObject();
        credential.put("type", "password");
        credential.put("value", secrets.get(passwordSecret(username)));
        credential.put("temporary", false);
        ArrayNode realmRoles = user.putArray("realmRoles");
        roles.forEach(realmRoles::add);
        if (tenant != null) {
            ObjectNode attributes = user.putObject("attributes");
            attributes.putArray("tenant_id").add(tenant.id());
            attributes.putArray("tenant_role").add(tenant.tenantRole());
        }
    }

    private static String capitalise(String role) {
        return Character.toUpperCase(role.charAt(0)) + role.substring(1);
    }

    /**
     * Keycloak's user profile with the tenant attributes allowed (kept and edited by administrators only: a person
     * cannot change their own tenant); otherwise the default attributes.
     */
    private static void userProfile(ObjectNode realm) {
        ObjectNode profile = JSON.createObjectNode();
        profile.put("unmanagedAttributePolicy", "ADMIN_EDIT");
        ArrayNode attributes = profile.putArray("attributes");
        profileAttribute(attributes, "username", false).putObject("validations")
                .<ObjectNode>set("length", JSON.createObjectNode().put("min", 3).put("max", 255))
                .<ObjectNode>set("username-prohibited-characters", JSON.createObjectNode())
                .set("up-username-not-idn-homograph", JSON.createObjectNode());
        profileAttribute(attributes, "email", true).putObject("validations")
                .<ObjectNode>set("email", JSON.createObjectNode())
                .set("length", JSON.createObjectNode().put("max", 255));
        for (String name : List.of("firstName", "lastName")) {
            profileAttribute(attributes, name, true).putObject("validations")
                    .<ObjectNode>set("length", JSON.createObjectNode().put("max", 255))
                    .set("person-name-prohibited-characters", JSON.createObjectNode());
        }
        ObjectNode component = realm.putObject("components").putArray("org.keycloak.userprofile.UserProfileProvider")
                .addObject();
        component.put("providerId", "declarative-user-profile");
        component.putObject("subComponents");
        component.putObject("config").putArray("kc.user.profile.config").add(profile.toString());
    }

    private static ObjectNode profileAttribute(ArrayNode attributes, String name, boolean required) {
        ObjectNode attribute = attributes.addObject();
        attribute.put("name", name);
        attribute.put("displayName", "${" + name + "}");
        attribute.put("multivalued", false);
        if (required) {
            attribute.putObject("required").putArray("roles").add("user");
        }
        ObjectNode permissions = attribute.putObject("permissions");
        permissions.putArray("view").add("admin").add("user");
        permissions.putArray("edit").add("admin").add("user");
        return attribute;
    }

    /** A user attribute as a claim of the access and ID tokens. */
    private static void userAttribute(ArrayNode mappers, String name) {
        ObjectNode mapper = mappers.addObject();
        mapper.put("name", name);
        mapper.put("protocol", "openid-connect");
        mapper.put("protocolMapper", "oidc-usermodel-attribute-mapper");
        ObjectNode config = mapper.putObject("config");
        config.put("user.attribute", name);
        config.put("claim.name", name);
        config.put("jsonType.label", "String");
        config.put("access.token.claim", "true");
        config.put("id.token.claim", "true");
        config.put("userinfo.token.claim", "true");
        config.put("introspection.token.claim", "true");
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
