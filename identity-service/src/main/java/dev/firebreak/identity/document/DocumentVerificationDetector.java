package dev.firebreak.identity.document;

import dev.firebreak.identity.nexus.Finding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ID-07, document fails verification (possible forgery): any failed MRZ check — check digits, impossible or
 * expired dates, unknown state codes, document-number format, fillers, disagreement with the visual zone.
 * A document that is only expired is less telling (0.6) than one whose zone does not verify (0.9).
 */
public final class DocumentVerificationDetector {

    public static final String CODE = "ID-07";
    public static final String DETECTOR = "mrz-verification";

    public List<Finding> inspect(List<MrzValidator.Check> checks, String documentType, String source, String mrzFormat,
                                 String documentHash, List<String> triggeringIds) {
        List<MrzValidator.Check> failed = checks.stream().filter(c -> !c.passed()).toList();
        if (failed.isEmpty()) {
            return List.of();
        }
        boolean severe = failed.stream().anyMatch(MrzValidator.Check::severe);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "DOCUMENT_VERIFICATION");
        evidence.put("documentType", documentType);
        evidence.put("source", source);
        evidence.put("mrzFormat", mrzFormat);
        evidence.put("failedChecks", failed.stream().map(c -> Map.of("check", c.check(), "reason", c.reason())).toList());
        evidence.put("explanation", failed.size() + " of " + checks.size() + " document checks failed: "
                + String.join(", ", failed.stream().map(MrzValidator.Check::check).toList()));
        return List.of(new Finding(CODE, DETECTOR, severe ? 0.9 : 0.6, evidence, triggeringIds, List.of(documentHash)));
    }
}
