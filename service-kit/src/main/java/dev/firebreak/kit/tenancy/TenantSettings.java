package dev.firebreak.kit.tenancy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way a tenant overrides settings, in every service. A group of settings is a {@link ConfigMapping}
 * interface of prefix {@code firebreak.<group>} (each key with its {@code @WithDefault} and a Javadoc line); for a
 * tenant, each key is read from {@code firebreak.tenants."<tenant>".<group>.<key>}, else from the deployment's
 * {@code firebreak.<group>.<key>}, else its default. So {@code firebreak.platform.ips-per-account=7} sets it for the
 * deployment and {@code firebreak.tenants."acme".platform.ips-per-account=4} for one tenant.
 *
 * <p>SmallRye Config builds the tenant's group (its converters, its validation), from a view of the service's
 * configuration in which the tenant's keys stand in for the deployment's; each tenant's group is built once, as
 * configuration is fixed for the life of the process. A value that does not convert is refused naming the key and
 * the tenant.
 */
@ApplicationScoped
public class TenantSettings {

    private static final String ROOT = "firebreak.";

    private final SmallRyeConfig config;
    /** By group, then tenant: asked on hot paths (a detector's thresholds per record), so no key is built per call. */
    private final Map<Class<?>, Map<String, Object>> resolved = new ConcurrentHashMap<>();

    public TenantSettings(Config config) {
        this.config = config.unwrap(SmallRyeConfig.class);
    }

    /**
     * The tenants the configuration names ({@code firebreak.tenants."<tenant>".…}, the quotes optional for an id
     * without dots), in order.
     */
    public Set<String> tenants() {
        String root = ROOT + "tenants.";
        Set<String> tenants = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(root)) {
                continue;
            }
            String rest = name.substring(root.length());
            int end = rest.startsWith("\"") ? rest.indexOf('"', 1) : rest.indexOf('.');
            if (end > 0) {
                tenants.add(rest.startsWith("\"") ? rest.substring(1, end) : rest.substring(0, end));
            }
        }
        return tenants;
    }

    /**
     * Builds the group for the deployment and for every tenant the configuration names, so that a value that does not
     * convert stops the service at start, naming the key and the tenant — not a stream thread or a request of that
     * tenant later, when it would stop or fail work of every tenant sharing the thread.
     *
     * @return the tenants checked
     */
    public Set<String> check(Class<?> group) {
        of(group, "");
        Set<String> tenants = tenants();
        tenants.forEach(t -> of(group, t));
        return tenants;
    }

    /** The group as the tenant sees it; for the empty tenant, the deployment's. */
    public <T> T of(Class<T> group, String tenantId) {
        return group.cast(resolved.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .computeIfAbsent(tenantId, t -> build(group, t)));
    }

    private <T> T build(Class<T> group, String tenantId) {
        ConfigMapping mapping = group.getAnnotation(ConfigMapping.class);
        if (mapping == null || !mapping.prefix().startsWith(ROOT)) {
            throw new IllegalArgumentException(group.getName() + " is not a @ConfigMapping under " + ROOT);
        }
        String prefix = mapping.prefix();
        String overrides = tenantId.isEmpty() ? null
                : ROOT + "tenants.\"" + tenantId + "\"." + prefix.substring(ROOT.length());
        try {
            return new SmallRyeConfigBuilder()
                    .withSources(new TenantView(config, prefix, overrides))
                    // durations as Quarkus reads them everywhere else: "PT1H" and "1h" alike
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withMapping(group)
                    .withValidateUnknown(false)
                    .build()
                    .getConfigMapping(group);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException((tenantId.isEmpty() ? "settings: " : "settings of tenant " + tenantId + ": ")
                    + e.getMessage(), e);
        }
    }

    /** The service's configuration with the tenant's keys of the group standing in for the deployment's. */
    private static final class TenantView implements ConfigSource {

        private final SmallRyeConfig config;
        private final String prefix;
        private final String overrides;

        TenantView(SmallRyeConfig config, String prefix, String overrides) {
            this.config = config;
            this.prefix = prefix;
            this.overrides = overrides;
        }

        @Override
        public Set<String> getPropertyNames() {
            Set<String> names = new HashSet<>();
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(prefix + ".")) {
                    names.add(name);
                } else if (overrides != null && name.startsWith(overrides + ".")) {
                    names.add(prefix + name.substring(overrides.length()));
                }
            }
            return names;
        }

        @Override
        public String getValue(String name) {
            if (overrides != null && name.startsWith(prefix + ".")) {
                String own = config.getRawValue(overrides + name.substring(prefix.length()));
                if (own != null) {
                    return own;
                }
            }
            return config.getRawValue(name);
        }

        @Override
        public String getName() {
            return "tenant view of " + prefix;
        }

        @Override
        public int getOrdinal() {
            return 500;
        }
    }

    /** For tests and tools: the group with its defaults and these properties, outside a running service. */
    public static <T> T standalone(Class<T> group, Map<String, String> properties, String tenantId) {
        return standalone(properties).of(group, tenantId);
    }

    /** For tests and tools: the settings of these properties, outside a running service. */
    public static TenantSettings standalone(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "standalone", 500)).build();
        return new TenantSettings(config);
    }
}
