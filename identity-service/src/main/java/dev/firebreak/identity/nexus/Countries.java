package dev.firebreak.identity.nexus;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ISO 3166 country codes: every country fact leaves the service as alpha-2, so that the aggregator can compare
 * a document's alpha-3 nationality with a declared alpha-2 country.
 */
public final class Countries {

    private static final Map<String, String> ALPHA3_TO_ALPHA2 = new HashMap<>();

    static {
        for (String alpha2 : Locale.getISOCountries()) {
            ALPHA3_TO_ALPHA2.put(Locale.of("", alpha2).getISO3Country(), alpha2);
        }
    }

    private Countries() {
    }

    /** Alpha-2 for an alpha-2 or alpha-3 code; empty for anything else (ICAO special codes, typos). */
    public static Optional<String> alpha2(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.strip().toUpperCase(Locale.ROOT);
        if (c.length() == 2 && Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2).contains(c)) {
            return Optional.of(c);
        }
        return Optional.ofNullable(ALPHA3_TO_ALPHA2.get(c));
    }
}
