package dev.firebreak.identity.attestation;

import dev.firebreak.identity.nexus.Finding;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ID-11 and ID-05 from a hiring firm's own observations: one signal per attestation, the kind in the evidence.
 * A firm's first-hand observation is strong but not proof (confidence 0.8).
 */
public final class AttestationDetector {

    public static final String DETECTOR = "attestation";

    public Finding inspect(AttestationKind kind, Instant observedAt, String attestedBy, String attestationId) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", kind.name());
        evidence.put("observedAt", observedAt.toString());
        if (attestedBy != null) {
            evidence.put("attestedBy", attestedBy);
        }
        evidence.put("explanation", "the tenant attested " + kind.name().toLowerCase().replace('_', ' ')
                + " on " + observedAt);
        return new Finding(kind.code(), DETECTOR, 0.8, evidence, List.of("attestation:" + attestationId), List.of());
    }
}
