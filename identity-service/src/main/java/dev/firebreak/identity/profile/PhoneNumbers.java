package dev.firebreak.identity.profile;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Optional;

/** Phone numbers through libphonenumber: E.164 form, calling code and the region the number belongs to. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** {@code type} is libphonenumber's number type (MOBILE, FIXED_LINE, VOIP, PERSONAL_NUMBER, ...). */
    public record Parsed(String e164, int callingCode, String region, boolean valid, String type) {
    }

    /**
     * Whether a number of {@code phoneRegion} belongs to the numbering plan of {@code country}: the same country, or
     * a territory that shares its calling code (Guernsey, Jersey and the Isle of Man in the UK's +44; Canada and the
     * Caribbean in the North American +1; Åland in Finland's +358). A Guernsey mobile on a UK resident's profile is
     * not a phone of a third country (issue 30). Unknown regions belong to no plan.
     */
    public static boolean samePlan(String phoneRegion, String country) {
        if (phoneRegion == null || country == null) {
            return false;
        }
        if (phoneRegion.equals(country)) {
            return true;
        }
        int code = UTIL.getCountryCodeForRegion(phoneRegion);
        return code != 0 && code == UTIL.getCountryCodeForRegion(country);
    }

    /**
     * Parses an international number ("+850 ..."), or a national one given the worker's declared country.
     *
     * @return empty when the text is not a phone number at all
     */
    public static Optional<Parsed> parse(String text, String defaultRegion) {
        try {
            PhoneNumber number = UTIL.parse(text, defaultRegion == null ? "ZZ" : defaultRegion);
            String region = UTIL.getRegionCodeForNumber(number);
            return Optional.of(new Parsed(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164),
                    number.getCountryCode(), region == null ? UTIL.getRegionCodeForCountryCode(number.getCountryCode()) : region,
                    UTIL.isValidNumber(number), UTIL.getNumberType(number).name()));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
