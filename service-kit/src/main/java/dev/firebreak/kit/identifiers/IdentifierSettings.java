package dev.firebreak.kit.identifiers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The keyed hash of identifiers ({@code firebreak.identifiers.*}). */
@ConfigMapping(prefix = "firebreak.identifiers")
public interface IdentifierSettings {

    /** The deployment's HMAC key, base64, at least 32 bytes (a secret: never in a committed file). */
    String hmacKey();

    /** The key's version, the prefix of every hash, so that a key can be rotated. */
    @WithDefault("v1")
    String keyVersion();
}
