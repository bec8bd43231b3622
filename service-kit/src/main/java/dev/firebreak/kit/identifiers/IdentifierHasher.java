package dev.firebreak.kit.identifiers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of identifiers that leave a service (DESIGN.md "Identifiers"): {@code v1:} + HMAC-SHA256 under
 * one key per deployment, over a value the caller has already normalised. The prefix names the key version
 * so that a key can be rotated.
 */
@ApplicationScoped
public class IdentifierHasher {

    private final SecretKeySpec key;
    private final String version;
    /**
     * One initialised Mac per thread: {@code Mac.getInstance} + {@code init} per call cost more than the hash itself,
     * and this runs per event wherever a suppression record exists (issue 29). A Mac is not thread-safe; doFinal
     * resets it for the next call.
     */
    private final ThreadLocal<Mac> macs;

    @Inject
    public IdentifierHasher(IdentifierSettings settings) {
        this(settings.hmacKey(), settings.keyVersion());
    }

    public IdentifierHasher(String base64Key, String version) {
        byte[] bytes = decode(base64Key);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("firebreak.identifiers.hmac-key must hold at least 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        this.version = version;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String hash(String normalisedValue) {
        return version + ":" + HexFormat.of().formatHex(macs.get().doFinal(normalisedValue.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Base64.getUrlDecoder().decode(value);
        }
    }
}
