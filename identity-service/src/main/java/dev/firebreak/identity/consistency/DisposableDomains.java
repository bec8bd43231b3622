package dev.firebreak.identity.consistency;

import dev.firebreak.identity.config.IdentitySettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Disposable email domains, one per line ('#' comments), from the file named by
 * {@code firebreak.identity.disposable-domains-file} or else the starter list shipped in the jar. A subdomain
 * of a listed domain counts as listed.
 */
@ApplicationScoped
public class DisposableDomains {

    private final Set<String> domains;

    public DisposableDomains(IdentitySettings.Checks settings) {
        Optional<String> file = settings.disposableDomainsFile();
        try (InputStream in = file.isPresent() ? Files.newInputStream(Path.of(file.get()))
                : DisposableDomains.class.getResourceAsStream("/disposable-email-domains.txt")) {
            this.domains = read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the disposable email domains", e);
        }
    }

    static Set<String> read(InputStream in) throws IOException {
        Set<String> set = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String domain = line.strip().toLowerCase(Locale.ROOT);
                if (!domain.isEmpty() && !domain.startsWith("#")) {
                    set.add(domain);
                }
            }
        }
        return set;
    }

    public boolean isDisposable(String email) {
        int at = email.lastIndexOf('@');
        String domain = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        for (String d = domain; d.contains("."); d = d.substring(d.indexOf('.') + 1)) {
            if (domains.contains(d)) {
                return true;
            }
        }
        return false;
    }
}
