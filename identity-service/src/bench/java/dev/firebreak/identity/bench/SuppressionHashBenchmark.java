package dev.firebreak.identity.bench;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a suppression look-up costs per element once a deployment holds erasures (issue 29): the keyed hash of the
 * worker (or account, party) and a set look-up, which every event, transfer and signal pays. {@code perCallMac} is the
 * hashing as it was before (a new {@code Mac} per call), {@code keptMac} the hasher as it is (one per thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SuppressionHashBenchmark {

    private static final String KEY = Base64.getEncoder().encodeToString("bench-key-of-thirty-two-bytes-ok".getBytes());

    private IdentifierHasher hasher;
    private SecretKeySpec key;
    private final Set<String> erased = new HashSet<>();
    private int next;

    @Setup
    public void setUp() {
        hasher = new IdentifierHasher(KEY, "v1");
        key = new SecretKeySpec(Base64.getDecoder().decode(KEY), "HmacSHA256");
        for (int i = 0; i < 1_000; i++) {
            erased.add(hasher.hash(ErasedSubjects.hashed("tenant-a", ErasedSubjects.Kind.WORKER, "erased-" + i)));
        }
    }

    private String nextWorker() {
        return "worker-" + (next++ & 0xffff);
    }

    @Benchmark
    public boolean keptMac() {
        return erased.contains(hasher.hash(ErasedSubjects.hashed("tenant-a", ErasedSubjects.Kind.WORKER, nextWorker())));
    }

    @Benchmark
    public boolean perCallMac() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        String hashed = ErasedSubjects.hashed("tenant-a", ErasedSubjects.Kind.WORKER, nextWorker());
        return erased.contains("v1:" + HexFormat.of().formatHex(mac.doFinal(hashed.getBytes(StandardCharsets.UTF_8))));
    }
}
