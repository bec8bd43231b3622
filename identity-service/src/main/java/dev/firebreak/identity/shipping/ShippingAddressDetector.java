package dev.firebreak.identity.shipping;

import dev.firebreak.identity.nexus.Finding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ID-12, hardware requested to an address not on the ID, or the worker cannot receive items at the ID address:
 * the flag set on the request, or a shipping address whose country or postcode differs from the document's.
 */
public final class ShippingAddressDetector {

    public static final String CODE = "ID-12";
    public static final String DETECTOR = "shipping-address";

    /** An address at the level it is compared: country (alpha-2) and normalised postcode. */
    public record Place(String country, String postcode) {
        public static Place of(String country, String postcode) {
            return new Place(country, postcode == null || postcode.isBlank() ? null
                    : postcode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT));
        }
    }

    public Optional<Finding> inspect(Place shipping, Place idAddress, boolean cannotReceiveAtIdAddress, String requestId) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("shippingCountry", shipping.country());
        String reason;
        double confidence;
        if (cannotReceiveAtIdAddress) {
            reason = "the worker says items cannot be received at the address on the ID";
            confidence = 0.9;
        } else if (idAddress == null) {
            return Optional.empty();
        } else if (!idAddress.country().equals(shipping.country())) {
            reason = "hardware requested to " + shipping.country() + ", the ID address is in " + idAddress.country();
            confidence = 0.85;
        } else if (idAddress.postcode() != null && shipping.postcode() != null
                && !idAddress.postcode().equals(shipping.postcode())) {
            reason = "hardware requested to another postcode than the ID address's";
            confidence = 0.7;
        } else {
            return Optional.empty();
        }
        if (idAddress != null) {
            evidence.put("idAddressCountry", idAddress.country());
        }
        evidence.put("explanation", reason);
        return Optional.of(new Finding(CODE, DETECTOR, confidence, evidence, List.of("shipping:" + requestId), List.of()));
    }
}
