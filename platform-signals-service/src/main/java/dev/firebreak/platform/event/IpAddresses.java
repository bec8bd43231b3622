package dev.firebreak.platform.event;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

import java.util.Optional;

/** Canonical text of an IP literal, parsed by the IPAddress library (never a host name: nothing is looked up). */
public final class IpAddresses {

    private IpAddresses() {
    }

    public static Optional<String> canonical(String literal) {
        if (literal == null) {
            return Optional.empty();
        }
        IPAddress address = new IPAddressString(literal.strip()).getAddress();
        if (address == null || address.isPrefixed() || address.getCount().intValue() != 1) {
            return Optional.empty();
        }
        return Optional.of(address.toCanonicalString());
    }
}
