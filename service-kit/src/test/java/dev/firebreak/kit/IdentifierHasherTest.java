package dev.firebreak.kit;

import dev.firebreak.kit.identifiers.IdentifierHasher;
import org.junit.jupiter.api.Test;

import java.util.Base64;

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
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new IdentifierHasher(Base64.getEncoder().encodeToString(new byte[16]), "v1"));
    }
}
