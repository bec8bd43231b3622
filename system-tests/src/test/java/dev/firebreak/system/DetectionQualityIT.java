package dev.firebreak.system;

import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 30's population on the packaged suite: 250 ordinary workers of sixteen regions with the everyday cases that
 * careless detectors flag, and 50 following the advisory's patterns, through all four public APIs in time order. The
 * goals: at least 95 % of the pattern workers at ENHANCED_DUE_DILIGENCE or above; at most 1 % of the ordinary ones at
 * HIGH_RISK or above and 5 % at ENHANCED_DUE_DILIGENCE or above; no home region flagged at more than twice the overall
 * rate. The report is {@code target/detection-quality.md}; {@code DetectionQualityBench} (-Pbench) runs 2,000.
 */
@ExtendWith(SharedStack.class)
class DetectionQualityIT {

    private final LocalStack stack = SharedStack.stack();

    @Test
    void patternWorkersAreFoundAndOrdinaryWorkersStayClear() throws Exception {
        long seed = Long.getLong("quality.seed", 30L);
        DetectionQuality.Result result = new DetectionQuality(stack).run("q" + UUID.randomUUID().toString().substring(0, 5),
                seed, Integer.getInteger("quality.ordinary", 250), Integer.getInteger("quality.dprk", 50), 6,
                Path.of("target/detection-quality.md"));
        assertTrue(result.failures().isEmpty(), result.failures() + "\n" + result.report());
    }
}
