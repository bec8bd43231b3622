package dev.firebreak.system;

import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DetectionQualityIT}'s population at 2,040 workers (1,700 ordinary, 340 following the patterns; -Pbench), to
 * the same goals. The report is {@code target/detection-quality-bench.md}.
 */
@ExtendWith(SharedStack.class)
class DetectionQualityBench {

    private final LocalStack stack = SharedStack.stack();

    @Test
    void theGoalsHoldOnTwoThousandWorkers() throws Exception {
        DetectionQuality.Result result = new DetectionQuality(stack).run("b" + UUID.randomUUID().toString().substring(0, 5),
                Long.getLong("quality.seed", 31L), Integer.getInteger("quality.ordinary", 1_700),
                Integer.getInteger("quality.dprk", 340), 7, Path.of("target/detection-quality-bench.md"));
        assertTrue(result.failures().isEmpty(), result.failures() + "\n" + result.report());
    }
}
