package dev.firebreak.platform.detect;

import dev.firebreak.kit.findings.Evidence;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * PL-08: an event from an IP that the operator's IP-intelligence data places in a VPN, hosting (VPS), proxy or Tor
 * exit range. Confidence by what the range is: Tor 0.9, VPN 0.85, proxy 0.8, hosting 0.7 (a data-centre address is
 * also where legitimate cloud desktops live). One detection per account and IP.
 */
public final class AnonymisingNetwork {

    /** What the IP-intelligence sources say about the event's IP. */
    public record Verdict(Set<String> types, Integer asn, String asOrganisation, List<String> sources) {
    }

    /** What the operator's IP-intelligence data says about an IP ({@code null} or no types: nothing). */
    @FunctionalInterface
    public interface Lookup {
        Verdict verdict(String ip);

        Lookup NONE = ip -> null;
    }

    public Optional<Finding> inspect(Activity e, Verdict verdict) {
        if (e.ip() == null || verdict == null || verdict.types().isEmpty()) {
            return Optional.empty();
        }
        double confidence = verdict.types().contains("TOR") ? 0.9 : verdict.types().contains("VPN") ? 0.85
                : verdict.types().contains("PROXY") ? 0.8 : 0.7;
        return Optional.of(new Finding("PL-08", "anonymising-network", confidence, Evidence.of(
                "kind", "ANONYMISING_NETWORK", "ip", e.ip(), "types", List.copyOf(new TreeSet<>(verdict.types())),
                "asn", verdict.asn(), "asOrganisation", verdict.asOrganisation(), "sources", verdict.sources(),
                "at", e.at().toString(),
                "explanation", e.type().name().toLowerCase(Locale.ROOT) + " from " + e.ip() + ", a "
                        + String.join("/", new TreeSet<>(verdict.types())).toLowerCase(Locale.ROOT)
                        + " address according to " + String.join(", ", verdict.sources())),
                List.of("ip:" + e.accountId() + ":" + e.ip()), List.of(e.accountId())));
    }
}
