package dev.firebreak.kit;

import dev.firebreak.kit.identifiers.IdentifierHasher;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentifierHasherTest {

    private static final String KEY = Base64.getEncoder().encodeToString("k".repeat(32).getBytes());
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("j".repeat(32).getBytes());

    @Test
    void hashesAreKeyedVersionedAndStable() {
        IdentifierHasher hasher = new IdentifierHasher(KEY, "v1");
        String hash = hasher.hash("+8502381230");
        assertTrue(hash.matches("v1:[0-9a-f]{64}"), hash);
        assertEquals(hash, new IdentifierHasher(KEY, "v1").hash("+8502381230"));
        assertNotEquals(hash, new IdentifierHasher(OTHER_KEY, "v1").hash("+8502381230"));
        assertNotEquals(hash, hasher.hash("+8502381231"));
        assertTrue(new IdentifierHasher(KEY, "v2").hash("x").startsWith("v2:"));
    }

    @Test
    void theMacKeptPerThreadGivesTheSameHashesOnEveryThreadAndCallAfterCall() throws Exception {
        IdentifierHasher hasher = new IdentifierHasher(KEY, "v1");
        // a known HMAC-SHA256 (computed independently with javax.crypto, a fresh Mac per value)
        javax.crypto.Mac reference = javax.crypto.Mac.getInstance("HmacSHA256");
        reference.init(new javax.crypto.spec.SecretKeySpec("k".repeat(32).getBytes(), "HmacSHA256"));
        List<String> values = IntStream.range(0, 2_000).mapToObj(i -> "worker-" + i).toList();
        List<String> expected = values.stream().map(v -> {
            reference.reset();
            return "v1:" + HexFormat.of().formatHex(reference.doFinal(v.getBytes(StandardCharsets.UTF_8)));
        }).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> values.stream().map(hasher::hash).toList()));
            }
            for (Future<List<String>> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new IdentifierHasher(Base64.getEncoder().encodeToString(new byte[16]), "v1"));
    }
}
