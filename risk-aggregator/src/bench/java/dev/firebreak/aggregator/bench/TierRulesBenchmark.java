package dev.firebreak.aggregator.bench;

import dev.firebreak.aggregator.assessment.Scoring;
import dev.firebreak.aggregator.assessment.Severity;
import dev.firebreak.aggregator.assessment.Tier;
import dev.firebreak.aggregator.assessment.TierRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** The tier and score of one worker, as every assessment read computes them, by the worker's signal count. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TierRulesBenchmark {

    @Param({"5", "50", "500"})
    int signals;

    private List<TierRules.ActiveFlag> flags;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        Severity[] severities = {Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH};
        flags = new ArrayList<>();
        for (int i = 0; i < signals; i++) {
            flags.add(new TierRules.ActiveFlag("PL-%02d".formatted(1 + random.nextInt(18)),
                    severities[random.nextInt(severities.length)], 0.3 + random.nextDouble() * 0.7));
        }
    }

    @Benchmark
    public Tier tier() {
        return TierRules.tier(flags);
    }

    @Benchmark
    public double score() {
        return Scoring.score(flags);
    }
}
