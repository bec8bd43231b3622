package dev.firebreak.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads manifests: every YAML file of a folder, or what {@code kubectl kustomize} renders of an overlay. */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    static List<Doc> parseFolder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Doc> docs = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                docs.addAll(parse(dir.relativize(file).toString(), Files.readString(file)));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Doc> parse(String source, String yaml) {
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it = YAML.readerFor(new TypeReference<Map<String, Object>>() { })
                .readValues(yaml)) {
            while (it.hasNext()) {
                Map<String, Object> body = it.next();
                if (body != null && !body.isEmpty()) {
                    docs.add(new Doc(source, body));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /** The kubectl on the PATH, if there is one. */
    static Optional<Path> kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Renders a kustomization with {@code kubectl kustomize}; a failure to render is a violation itself. */
    static List<Doc> render(Path kubectl, Path kustomization) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomization + " timed out");
            }
            String yaml = Files.readString(out, StandardCharsets.UTF_8);
            String error = Files.readString(err, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new IllegalArgumentException("kubectl kustomize " + kustomization + " failed: " + error.strip());
            }
            return parse("rendered " + kustomization.getFileName(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
