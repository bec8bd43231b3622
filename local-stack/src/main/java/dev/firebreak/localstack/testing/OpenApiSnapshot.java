package dev.firebreak.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The committed OpenAPI document of a service ({@code src/main/openapi/openapi.yaml}) against the one it serves: a test
 * fails when they differ, naming the first line that does, so an API change is a reviewed change of the committed
 * document. {@code -Dfirebreak.openapi.write=true} writes the served document over the committed one (then review the
 * diff and commit it).
 */
public final class OpenApiSnapshot {

    public static final Path COMMITTED = Path.of("src/main/openapi/openapi.yaml");

    private OpenApiSnapshot() {
    }

    /** @return null when they agree (or the committed one was just written), else what differs */
    public static String compare(String servedUrl) {
        String served = fetch(servedUrl);
        try {
            if (Boolean.getBoolean("firebreak.openapi.write")) {
                Files.createDirectories(COMMITTED.getParent());
                Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
                return null;
            }
            if (!Files.exists(COMMITTED)) {
                return COMMITTED.toAbsolutePath() + " is missing: run the test with -Dfirebreak.openapi.write=true";
            }
            String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
            if (committed.equals(served)) {
                return null;
            }
            List<String> a = committed.lines().toList();
            List<String> b = served.lines().toList();
            int line = 0;
            while (line < Math.min(a.size(), b.size()) && a.get(line).equals(b.get(line))) {
                line++;
            }
            return "the served OpenAPI document differs from " + COMMITTED + " at line " + (line + 1) + ": committed '"
                    + (line < a.size() ? a.get(line) : "<end>") + "', served '" + (line < b.size() ? b.get(line) : "<end>")
                    + "'. If the API change is intended, run the test with -Dfirebreak.openapi.write=true and commit "
                    + "the document.";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fetch(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "application/yaml").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
