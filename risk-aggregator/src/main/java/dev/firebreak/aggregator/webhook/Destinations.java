package dev.firebreak.aggregator.webhook;

import dev.firebreak.kit.api.ProblemException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may point: {@code https://} (or {@code http://} where the deployment allows it), no user or
 * password in the address, and a host whose every address is public, or inside a network the deployment allows.
 * Checked when a webhook is made and again before every delivery, which then connects to the address checked
 * (a name that later resolves to an inside address — DNS rebinding — reaches nothing inside).
 */
@ApplicationScoped
public class Destinations {

    /** Address blocks that are never public although Java's InetAddress tests do not say so (IPAddress parses them). */
    private static final List<IPAddress> NOT_PUBLIC = parse(List.of("0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24",
            "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
            "fc00::/7", "2001:db8::/32", "64:ff9b::/96"));

    private final List<IPAddress> allowed;
    private final boolean allowHttp;

    public Destinations(WebhookSettings settings) {
        this.allowed = parse(settings.allowedNetworks().orElse(List.of()));
        this.allowHttp = settings.allowHttp();
    }

    /** A destination that passed: its address and the one address it connects to. */
    public record Checked(URI uri, InetAddress address) {
    }

    /** The URL as a webhook's destination, or a 400 naming what is wrong with it. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ProblemException.invalidField("url", "must be an absolute https:// URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw ProblemException.invalidField("url", allowHttp ? "must be an http:// or https:// URL"
                    : "must be an https:// URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ProblemException.invalidField("url", "must name a host, with no user, password or fragment");
        }
        return uri;
    }

    /** The address a delivery connects to, or the reason the destination is refused. */
    public Checked resolve(URI uri) throws Refused {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("host not found");
        }
        for (InetAddress address : addresses) {
            if (!allowed(address)) {
                // every address must pass: a name with one inside address among public ones is refused
                throw new Refused("address not allowed (private, loopback or reserved; see firebreak.webhooks.allowed-networks)");
            }
        }
        return new Checked(uri, addresses[0]);
    }

    /** Whether a delivery may connect to the address. */
    boolean allowed(InetAddress address) {
        IPAddress ip = new IPAddressString(address.getHostAddress()).getAddress();
        if (ip == null) {
            return false;
        }
        if (ip.isIPv6() && ip.toIPv6().isIPv4Mapped()) {
            ip = ip.toIPv6().getEmbeddedIPv4Address();
        }
        for (IPAddress network : allowed) {
            if (network.contains(ip)) {
                return true;
            }
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        for (IPAddress network : NOT_PUBLIC) {
            if (network.contains(ip)) {
                return false;
            }
        }
        return true;
    }

    /** A destination a delivery may not go to, and why (shown in the delivery; never the address resolved). */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private static List<IPAddress> parse(List<String> networks) {
        List<IPAddress> parsed = new ArrayList<>();
        for (String network : networks) {
            IPAddress ip = new IPAddressString(network.strip()).getAddress();
            if (ip == null) {
                throw new IllegalArgumentException("firebreak.webhooks.allowed-networks: not a network: " + network);
            }
            parsed.add(ip.toPrefixBlock());
        }
        return parsed;
    }
}
