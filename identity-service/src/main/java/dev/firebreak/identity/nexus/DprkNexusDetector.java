package dev.firebreak.identity.nexus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ID-10, DPRK nexus in identity data: a document whose issuing state or nationality is {@code PRK}, or a
 * profile phone number in the DPRK's calling code +850. Nationality is used here only as the advisory's
 * DPRK nexus (DESIGN.md "Fairness"), never as a signal of its own.
 */
public final class DprkNexusDetector {

    public static final String CODE = "ID-10";
    public static final String DETECTOR = "dprk-nexus";
    public static final String DPRK_ALPHA3 = "PRK";
    public static final int DPRK_CALLING_CODE = 850;

    /** Fields of a document as read from its machine-readable and visual zones. */
    public record DocumentFacts(String documentType, String source, String documentHash, String mrzIssuingState,
                                String mrzNationality, String vizIssuingState, String vizNationality) {
    }

    public List<Finding> inspectDocument(DocumentFacts doc) {
        List<Map<String, Object>> hits = new ArrayList<>();
        addHit(hits, "issuingState", "MRZ", doc.mrzIssuingState());
        addHit(hits, "nationality", "MRZ", doc.mrzNationality());
        addHit(hits, "issuingState", "VIZ", doc.vizIssuingState());
        addHit(hits, "nationality", "VIZ", doc.vizNationality());
        if (hits.isEmpty()) {
            return List.of();
        }
        boolean fromMrz = hits.stream().anyMatch(h -> "MRZ".equals(h.get("zone")));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "DOCUMENT");
        evidence.put("documentType", doc.documentType());
        evidence.put("source", doc.source());
        evidence.put("matches", hits);
        evidence.put("explanation", "the document names the DPRK (" + DPRK_ALPHA3 + ") as "
                + String.join(" and ", hits.stream().map(h -> h.get("field") + " (" + h.get("zone") + ")").toList()));
        return List.of(new Finding(CODE, DETECTOR, fromMrz ? 1.0 : 0.95, evidence,
                List.of("document:" + doc.documentHash()), List.of(doc.documentHash())));
    }

    public List<Finding> inspectPhone(int callingCode, boolean validNumber, String phoneHash, String source) {
        if (callingCode != DPRK_CALLING_CODE) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "PHONE");
        evidence.put("callingCode", "+" + DPRK_CALLING_CODE);
        evidence.put("validForRegion", validNumber);
        evidence.put("source", source);
        evidence.put("explanation", "the profile's phone number is in the DPRK calling code +" + DPRK_CALLING_CODE);
        return List.of(new Finding(CODE, DETECTOR, validNumber ? 0.95 : 0.85, evidence,
                List.of("phone:" + phoneHash), List.of(phoneHash)));
    }

    private static void addHit(List<Map<String, Object>> hits, String field, String zone, String value) {
        if (value != null && DPRK_ALPHA3.equalsIgnoreCase(value.strip())) {
            Map<String, Object> hit = new LinkedHashMap<>();
            hit.put("field", field);
            hit.put("zone", zone);
            hit.put("value", DPRK_ALPHA3);
            hits.add(hit);
        }
    }
}
