package dev.firebreak.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The local stack's secrets (client secrets, Keycloak admin password, the identifier-hashing key), generated
 * on first start and kept in the data folder with owner-only permissions: nothing secret is committed.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path file;
    private final Properties values = new Properties();

    private Secrets(Path file) {
        this.file = file;
    }

    public static Secrets load(Path dataDir) {
        Secrets secrets = new Secrets(dataDir.resolve("secrets.properties"));
        if (Files.exists(secrets.file)) {
            try (Reader reader = Files.newBufferedReader(secrets.file)) {
                secrets.values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return secrets;
    }

    /** The named secret, generated (32 random bytes) and saved the first time it is asked for. */
    public synchronized String get(String name) {
        String value = values.getProperty(name);
        if (value == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            values.setProperty(name, value);
            save();
        }
        return value;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                values.store(writer, "Firebreak local stack secrets (generated; never commit)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
