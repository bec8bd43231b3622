package dev.firebreak.platform.detect;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The platform detectors' thresholds and windows: RED-FLAGS.md's defaults ({@link Thresholds#defaults()}), overridden
 * deployment-wide under {@code firebreak.platform.<name>} and per tenant under
 * {@code firebreak.tenants."<tenant>".platform.<name>}, where {@code <name>} is a {@link Thresholds} component in
 * kebab case ({@code ips-per-account=8}, {@code ip-window=PT2H}, {@code remote-access-ports=3389,5900},
 * {@code day-start=06:00}). Besides them: the lateness allowed to out-of-order events, how long a key's history is
 * kept, the tenants allowed on the {@code platform.events} topic and the ranges whose IPs link nobody (PL-02).
 */
@ApplicationScoped
public class DetectionSettings {

    private static final List<String> NAMES = Arrays.stream(Thresholds.class.getRecordComponents())
            .map(c -> kebab(c.getName())).toList();

    private final Config config;
    private final Map<String, Thresholds> thresholds = new ConcurrentHashMap<>();
    private final Duration lateness;
    private final Duration retention;
    private final Set<String> topicTenants;
    private final List<IPAddress> commonRanges;

    public DetectionSettings(Config config) {
        this.config = config;
        this.lateness = config.getOptionalValue("firebreak.platform.lateness", Duration.class).orElse(Duration.ofHours(6));
        this.retention = config.getOptionalValue("firebreak.platform.retention", Duration.class).orElse(Duration.ofDays(35));
        this.topicTenants = config.getOptionalValue("firebreak.platform.topic-tenants", String.class)
                .map(DetectionSettings::list).map(Set::copyOf).orElse(Set.of());
        // RFC 6598 shared address space (carrier-grade NAT) by default: a mobile carrier puts thousands behind one IP
        this.commonRanges = list(config.getOptionalValue("firebreak.platform.common-ip-ranges", String.class)
                .orElse("100.64.0.0/10")).stream().map(DetectionSettings::range).toList();
        thresholds("");
    }

    /** The tenant's thresholds (deployment-wide values where the tenant sets none); fixed for the process's life. */
    public Thresholds thresholds(String tenantId) {
        return thresholds.computeIfAbsent(tenantId, this::resolve);
    }

    /** How far behind an account's newest event another may arrive and still be placed in its history. */
    public Duration lateness() {
        return lateness;
    }

    /** How long an account's, IP's, device's or client's events are kept for the windows (beyond the longest). */
    public Duration retention() {
        return retention;
    }

    /** Whether {@code platform.events} accepts the tenant (a message of any other goes to the dead-letter topic). */
    public boolean acceptsOnTopic(String tenantId) {
        return topicTenants.contains(tenantId);
    }

    /** An IP of a configured common range (carrier NAT, a corporate proxy): it links no accounts (PL-02). */
    public boolean commonIp(String ip) {
        IPAddress address = new IPAddressString(ip).getAddress();
        return address != null && commonRanges.stream().anyMatch(r -> r.contains(address));
    }

    private Thresholds resolve(String tenantId) {
        Thresholds d = Thresholds.defaults();
        RecordComponent[] components = Thresholds.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String name = NAMES.get(i);
            Optional<String> raw = tenantId.isEmpty() ? Optional.empty()
                    : config.getOptionalValue("firebreak.tenants.\"" + tenantId + "\".platform." + name, String.class);
            raw = raw.or(() -> config.getOptionalValue("firebreak.platform." + name, String.class));
            try {
                values[i] = raw.isPresent() ? parse(c.getType(), raw.get().strip()) : c.getAccessor().invoke(d);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("platform setting " + name + (tenantId.isEmpty() ? "" : " of tenant "
                        + tenantId) + ": cannot read '" + raw.orElse("") + "' as " + c.getType().getSimpleName(), e);
            }
        }
        try {
            return Thresholds.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(Class<?> type, String raw) {
        if (type == int.class) {
            return Integer.parseInt(raw);
        }
        if (type == double.class) {
            return Double.parseDouble(raw);
        }
        if (type == Duration.class) {
            return Duration.parse(raw);
        }
        if (type == LocalTime.class) {
            return LocalTime.parse(raw);
        }
        if (type == Set.class) { // the only set is of ports
            return list(raw).stream().map(Integer::parseInt).collect(Collectors.toUnmodifiableSet());
        }
        throw new IllegalArgumentException("no parser for " + type);
    }

    private static List<String> list(String raw) {
        return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static IPAddress range(String cidr) {
        IPAddress address = new IPAddressString(cidr).getAddress();
        if (address == null) {
            throw new IllegalArgumentException("firebreak.platform.common-ip-ranges: not a CIDR range: " + cidr);
        }
        return address.toPrefixBlock();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
