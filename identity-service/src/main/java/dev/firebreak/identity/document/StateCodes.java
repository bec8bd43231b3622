package dev.firebreak.identity.document;

import java.util.Locale;
import java.util.Set;

/**
 * Codes an MRZ may name as issuing state or nationality: ISO 3166-1 alpha-3 plus the codes ICAO Doc 9303
 * Part 3 adds (Germany's {@code D}, the British {@code GB?} classes, UN codes, stateless and refugee codes,
 * organisations). {@code UTO} is ICAO's specimen state and names no real issuer.
 */
public final class StateCodes {

    public static final String SPECIMEN = "UTO";

    private static final Set<String> ISO = Set.of(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3).toArray(String[]::new));
    private static final Set<String> ICAO = Set.of("D", "EUE", "GBD", "GBN", "GBO", "GBP", "GBS", "UNA", "UNK", "UNO",
            "XBA", "XCC", "XCE", "XCO", "XDC", "XEC", "XES", "XIM", "XMP", "XOM", "XPO", "XXA", "XXB", "XXC", "XXX", "RKS");

    private StateCodes() {
    }

    public static boolean known(String code) {
        return ISO.contains(code) || ICAO.contains(code);
    }

}
