package dev.firebreak.aggregator.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The webhooks' signing secrets at rest: AES-256-GCM under the deployment's {@code firebreak.webhooks.secret-key},
 * a fresh 12-byte nonce each, the webhook's id as associated data (a secret copied onto another webhook's row does not
 * decrypt). The JDK's cipher; only the framing (nonce, then ciphertext, base64) is ours.
 */
@ApplicationScoped
public class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public SecretBox(WebhookSettings settings) {
        // base64 or base64url, padded or not (the local stack's generated secrets are base64url)
        byte[] raw = Base64.getDecoder().decode(settings.secretKey().strip().replace('-', '+').replace('_', '/'));
        if (raw.length != 32) {
            throw new IllegalArgumentException("firebreak.webhooks.secret-key must be the base64 of 32 bytes, not "
                    + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public String seal(String secret, String webhookId) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String open(String sealed, String webhookId) {
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a webhook secret does not open under firebreak.webhooks.secret-key", e);
        }
    }
}
