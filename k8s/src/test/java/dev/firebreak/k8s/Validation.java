package dev.firebreak.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything the k8s tests check, on a k8s folder (the real one or a broken copy). */
final class Validation {

    static final List<String> OVERLAYS = List.of("local", "prod");

    private Validation() {
    }

    /** Parses and types every file of the base: always possible, kubectl or not. */
    static List<String> base(Path k8s) {
        return TypedModel.check(Manifests.parseFolder(k8s.resolve("base")));
    }

    /** Renders an overlay and checks the result: types, then the policies. */
    static List<String> overlay(Path kubectl, Path k8s, String overlay) {
        List<String> violations = new ArrayList<>();
        List<Doc> rendered;
        try {
            rendered = Manifests.render(kubectl, k8s.resolve("overlays").resolve(overlay));
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        violations.addAll(TypedModel.check(rendered));
        violations.addAll(Policies.check(rendered, Policies.documentedSecrets(k8s.resolve("README.md"))));
        // the metric catalogue and runbooks are the real docs/ (a broken copy of k8s/ has none of its own)
        Path operations = k8sDir().resolve("../docs/operations.md").normalize();
        violations.addAll(Monitoring.check(rendered, Monitoring.catalogue(operations), Monitoring.anchors(operations)));
        return violations;
    }

    static Optional<Path> kubectl() {
        return Manifests.kubectl();
    }

    static Path k8sDir() {
        return Path.of(System.getProperty("firebreak.k8s.dir", ".")).toAbsolutePath().normalize();
    }
}
