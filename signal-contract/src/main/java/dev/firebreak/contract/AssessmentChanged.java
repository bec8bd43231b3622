package dev.firebreak.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Published on {@code risk.assessments} when a worker's tier or score changes (for SIEM and case tools). */
public record AssessmentChanged(int schemaVersion, String tenantId, String workerId, Tier tier, Tier previousTier,
                                double score, List<String> codes, Instant asOf) {

    public static final int SCHEMA_VERSION = 1;

    public AssessmentChanged {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(asOf, "asOf");
        codes = codes == null ? List.of() : List.copyOf(codes);
    }

    public String messageKey() {
        return Subject.worker(workerId).messageKey(tenantId);
    }
}
