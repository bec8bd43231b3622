package dev.firebreak.platform.ip;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AnonymousIpResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import dev.firebreak.platform.detect.AnonymisingNetwork;
import dev.firebreak.platform.detect.GeoLocator;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6AddressTrie;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the operator's data says about an IP: its network type (VPN, hosting, proxy, Tor exit) from plain-text CIDR
 * lists and from a MaxMind Anonymous-IP database, its autonomous system from an ASN database, and its location from
 * a City database. Each source is optional; {@link #status()} says which are loaded, so the detectors that need a
 * missing one are reported as off (health, metrics) rather than silently passing.
 */
public final class IpIntelligence implements GeoLocator, AnonymisingNetwork.Lookup, AutoCloseable {

    /** Network types of RED-FLAGS.md PL-08. */
    public enum Type { VPN, HOSTING, PROXY, TOR }

    /** What is known about an IP's network. */
    public record Network(Set<Type> types, Integer asn, String asOrganisation, List<String> sources) {
        public boolean anonymising() {
            return !types.isEmpty();
        }
    }

    private final Map<Type, IPv4AddressTrie> v4 = new EnumMap<>(Type.class);
    private final Map<Type, IPv6AddressTrie> v6 = new EnumMap<>(Type.class);
    private final Map<Type, Integer> listSizes = new EnumMap<>(Type.class);
    private final DatabaseReader city;
    private final DatabaseReader asn;
    private final DatabaseReader anonymous;

    /**
     * @param lists CIDR list files per type (one address or CIDR per line, {@code #} comments), any may be absent
     */
    public IpIntelligence(Map<Type, Path> lists, Path cityDb, Path asnDb, Path anonymousDb) {
        lists.forEach(this::loadList);
        this.city = open(cityDb);
        this.asn = open(asnDb);
        this.anonymous = open(anonymousDb);
    }

    /** Nothing loaded: every lookup is empty and {@link #status()} says so. */
    public static IpIntelligence none() {
        return new IpIntelligence(Map.of(), null, null, null);
    }

    private void loadList(Type type, Path file) {
        IPv4AddressTrie four = new IPv4AddressTrie();
        IPv6AddressTrie six = new IPv6AddressTrie();
        int count = 0;
        try {
            for (String line : Files.readAllLines(file)) {
                String entry = line.replaceAll("#.*", "").strip();
                if (entry.isEmpty()) {
                    continue;
                }
                IPAddress block = new IPAddressString(entry).getAddress();
                if (block == null) {
                    throw new IllegalArgumentException(file + ": not an IP or CIDR: " + entry);
                }
                block = block.toPrefixBlock();
                if (block.isIPv4()) {
                    four.add(block.toIPv4());
                } else {
                    six.add(block.toIPv6());
                }
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + type + " list " + file, e);
        }
        v4.put(type, four);
        v6.put(type, six);
        listSizes.put(type, count);
    }

    private static DatabaseReader open(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return new DatabaseReader.Builder(file.toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open MaxMind database " + file, e);
        }
    }

    /** PL-08's reading of {@link #classify}. */
    @Override
    public AnonymisingNetwork.Verdict verdict(String ip) {
        Network network = classify(ip);
        return new AnonymisingNetwork.Verdict(network.types().stream().map(Enum::name).collect(Collectors.toSet()),
                network.asn(), network.asOrganisation(), network.sources());
    }

    /** The network's types and AS, from every loaded source. */
    public Network classify(String ip) {
        IPAddress address = new IPAddressString(ip).getAddress();
        Set<Type> types = new TreeSet<>();
        List<String> sources = new ArrayList<>();
        if (address != null) {
            for (Type type : Type.values()) {
                boolean listed = address.isIPv4() ? v4.containsKey(type) && v4.get(type).elementContains(address.toIPv4())
                        : v6.containsKey(type) && v6.get(type).elementContains(address.toIPv6());
                if (listed) {
                    types.add(type);
                    sources.add(type.name().toLowerCase(Locale.ROOT) + "-list");
                }
            }
        }
        Integer number = null;
        String organisation = null;
        InetAddress inet = inet(ip);
        if (inet != null && anonymous != null) {
            try {
                AnonymousIpResponse r = anonymous.anonymousIp(inet);
                boolean any = false;
                if (r.isAnonymousVpn()) {
                    any |= types.add(Type.VPN);
                }
                if (r.isHostingProvider()) {
                    any |= types.add(Type.HOSTING);
                }
                if (r.isPublicProxy() || r.isResidentialProxy()) {
                    any |= types.add(Type.PROXY);
                }
                if (r.isTorExitNode()) {
                    any |= types.add(Type.TOR);
                }
                if (any || r.isAnonymous()) {
                    sources.add("maxmind-anonymous-ip");
                }
            } catch (AddressNotFoundException e) {
                // not an anonymising network as far as the database knows
            } catch (IOException | GeoIp2Exception e) {
                throw new IllegalStateException("Anonymous-IP lookup failed", e);
            }
        }
        if (inet != null && asn != null) {
            try {
                AsnResponse r = asn.asn(inet);
                number = r.getAutonomousSystemNumber() == null ? null : r.getAutonomousSystemNumber().intValue();
                organisation = r.getAutonomousSystemOrganization();
            } catch (AddressNotFoundException e) {
                // no AS known
            } catch (IOException | GeoIp2Exception e) {
                throw new IllegalStateException("ASN lookup failed", e);
            }
        }
        return new Network(types, number, organisation, sources);
    }

    @Override
    public Optional<Place> locate(String ip) {
        InetAddress inet = inet(ip);
        if (city == null || inet == null) {
            return Optional.empty();
        }
        try {
            CityResponse r = city.city(inet);
            if (r.getLocation() == null || r.getLocation().getLatitude() == null || r.getLocation().getLongitude() == null) {
                return Optional.empty();
            }
            Integer accuracy = r.getLocation().getAccuracyRadius();
            return Optional.of(new Place(r.getLocation().getLatitude(), r.getLocation().getLongitude(),
                    accuracy == null ? 100 : accuracy, r.getCountry() == null ? null : r.getCountry().getIsoCode()));
        } catch (AddressNotFoundException e) {
            return Optional.empty();
        } catch (IOException | GeoIp2Exception e) {
            throw new IllegalStateException("City lookup failed", e);
        }
    }

    /** Which sources are loaded (list sizes, database types): for health and metrics. */
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        for (Type type : Type.values()) {
            status.put(type.name().toLowerCase(Locale.ROOT) + "-list",
                    listSizes.containsKey(type) ? listSizes.get(type) + " networks" : "not loaded");
        }
        status.put("city-db", city == null ? "not loaded: PL-01 impossible travel and LOGIN_COUNTRY are off"
                : city.getMetadata().getDatabaseType());
        status.put("asn-db", asn == null ? "not loaded" : asn.getMetadata().getDatabaseType());
        status.put("anonymous-ip-db", anonymous == null ? "not loaded" : anonymous.getMetadata().getDatabaseType());
        return status;
    }

    /** Whether PL-08 has any data to go on (a list or the Anonymous-IP database). */
    public boolean classifies() {
        return !listSizes.isEmpty() || anonymous != null;
    }

    public boolean locates() {
        return city != null;
    }

    private static InetAddress inet(String ip) {
        IPAddress address = new IPAddressString(ip).getAddress();
        return address == null ? null : address.toInetAddress();
    }

    @Override
    public void close() {
        for (DatabaseReader reader : new DatabaseReader[] {city, asn, anonymous}) {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // closing a memory-mapped file
                }
            }
        }
    }
}
