package dev.firebreak.k8s;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The images the manifests run are the images the build makes: group, name and tag agree. */
class ImageNamesTest {

    private final Path k8s = Validation.k8sDir();
    private final Path home = Path.of(System.getProperty("firebreak.home", "..")).toAbsolutePath().normalize();

    @Test
    void baseAndOverlaysNameTheImagesTheBuildProduces() throws IOException {
        Properties kit = properties(home.resolve("service-kit/src/main/resources/META-INF/microprofile-config.properties"));
        String group = kit.getProperty("quarkus.container-image.group");
        assertEquals("firebreak", group);
        String version = projectVersion();
        for (String service : Policies.SERVICES) {
            Properties own = properties(home.resolve(service).resolve("src/main/resources/application.properties"));
            String name = own.getProperty("quarkus.container-image.name", own.getProperty("quarkus.application.name"));
            assertEquals(service, name, "image name = application name = module name");
            String group2 = own.getProperty("quarkus.container-image.group", group);
            Doc deployment = Manifests.parseFolder(k8s.resolve("base").resolve(service)).stream()
                    .filter(d -> d.kind().equals("Deployment")).findFirst().orElseThrow();
            String image = String.valueOf(Doc.map(Doc.list(deployment.path("spec", "template", "spec", "containers")
                    .orElseThrow()).getFirst()).get("image"));
            assertEquals(group2 + "/" + name, image.replaceFirst(":[^:/]+$", ""), service + " base image");
            for (String overlay : Validation.OVERLAYS) {
                Doc kustomization = Manifests.parseFolder(k8s.resolve("overlays").resolve(overlay)).getFirst();
                Map<String, Object> entry = Doc.list(kustomization.body().get("images")).stream().map(Doc::map)
                        .filter(i -> (group2 + "/" + name).equals(i.get("name"))).findFirst()
                        .orElseThrow(() -> new AssertionError(overlay + " sets no image for " + service));
                assertTrue(String.valueOf(entry.get("newName")).endsWith("/" + group2 + "/" + name),
                        overlay + ": " + entry.get("newName"));
                assertEquals(version, String.valueOf(entry.get("newTag")), overlay + " tag = project version");
            }
        }
    }

    @Test
    void everyServiceBuildsWithJib() throws IOException {
        for (String service : Policies.SERVICES) {
            assertTrue(Files.readString(home.resolve(service).resolve("pom.xml")).contains("quarkus-container-image-jib"),
                    service);
        }
    }

    private String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>firebreak-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(home.resolve("pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

}
