package dev.firebreak.k8s;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Purposely broken copies of the manifests: each break must fail the validation, naming what broke. */
class BrokenCopiesTest {

    @TempDir
    Path temp;

    private Path copy() {
        Path source = Validation.k8sDir();
        Path target = temp.resolve("k8s-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(f -> !source.relativize(f).startsWith("target")
                    && !source.relativize(f).startsWith("src")).toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static void edit(Path k8s, String file, String from, String to) {
        try {
            Path path = k8s.resolve(file);
            String text = Files.readString(path);
            assertTrue(text.contains(from), file + " holds no '" + from + "' to break");
            Files.writeString(path, text.replaceFirst(java.util.regex.Pattern.quote(from),
                    java.util.regex.Matcher.quoteReplacement(to)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> all(Path k8s) {
        List<String> violations = new ArrayList<>(Validation.base(k8s));
        Validation.kubectl().ifPresent(kubectl -> violations.addAll(Validation.overlay(kubectl, k8s, "prod")));
        return violations;
    }

    private static void assertFails(Path k8s, String expected) {
        List<String> violations = all(k8s);
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)),
                "expected a violation containing '" + expected + "', got " + violations);
    }

    @Test
    void theUnbrokenCopyPasses() {
        assertEquals(List.of(), all(copy()));
    }

    @Test
    void aTypoInADeploymentField() {
        Path k8s = copy();
        edit(k8s, "base/identity-service/deployment.yaml", "readinessProbe:", "readinesProbe:");
        assertFails(k8s, "unknown field(s) [readinesProbe]");
    }

    @Test
    void aTypoInAStrimziField() {
        Path k8s = copy();
        edit(k8s, "base/infra/kafka-topics.yaml", "partitions: 12", "partitionz: 12");
        assertFails(k8s, "unknown field(s) [partitionz]");
    }

    @Test
    void aTypoInAnUntypedKind() {
        Path k8s = copy();
        edit(k8s, "base/infra/postgres.yaml", "instances: 3", "instance: 3");
        assertFails(k8s, "required key spec.instances is missing");
    }

    @Test
    void aMissingRequiredKeyOfKeda() {
        Path k8s = copy();
        edit(k8s, "base/risk-aggregator/scaledobject.yaml", "  scaleTargetRef:\n    name: risk-aggregator\n", "");
        assertFails(k8s, "required key spec.scaleTargetRef.name is missing");
    }

    @Test
    void aMissingProbe() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/payments-service/deployment.yaml", "path: /q/health/started", "path: /q/health");
        assertFails(k8s, "startupProbe must GET /q/health/started");
    }

    @Test
    void metricsScrapedOnTheApiPort() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/payments-service/servicemonitor.yaml", "port: management", "port: http");
        assertFails(k8s, "must scrape the management port, not 'http'");
    }

    @Test
    void aProbeOnTheApiPort() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/risk-aggregator/deployment.yaml", "path: /q/health/ready\n              port: management",
                "path: /q/health/ready\n              port: http");
        assertFails(k8s, "readinessProbe must use the management port");
    }

    @Test
    void aMissingAlertAndAMisnamedMetric() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/monitoring/prometheusrule.yaml", "increase(firebreak_dead_letters_total[15m])",
                "increase(firebreak_dead_letter_total[15m])");
        assertFails(k8s, "no alert on dead letters (firebreak_dead_letters_total)");
        assertFails(k8s, "firebreak_dead_letter_total is not a metric the suite publishes");
    }

    @Test
    void aBrokenDashboard() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/monitoring/dashboards/firebreak-detection.json", "sum by (code) (increase(firebreak_signals_total[1h]))",
                "sum by (code) (increase(firebreak_signals_total[1h])");
        assertFails(k8s, "unbalanced brackets or quotes");
    }

    @Test
    void aServiceThatCannotSendTraces() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl absent: tracing is checked on a rendered overlay");
        Path k8s = copy();
        edit(k8s, "base/risk-aggregator/deployment.yaml", "name: firebreak-tracing", "name: risk-aggregator-config");
        edit(k8s, "base/monitoring/tracing-networkpolicy.yaml", "          - payments-service\n", "");
        List<String> violations = all(k8s);
        assertTrue(violations.stream().anyMatch(x -> x.contains("risk-aggregator") && x.contains("firebreak-tracing")),
                violations::toString);
        assertTrue(violations.stream().anyMatch(x -> x.contains("payments-service") && x.contains("port 4318")),
                violations::toString);
    }

    @Test
    void aWritableRootFilesystem() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/identity-service/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
        assertFails(k8s, "readOnlyRootFilesystem must be true");
    }

    @Test
    void anHpaBesideAScaledObject() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        try {
            Files.writeString(k8s.resolve("base/risk-aggregator/hpa.yaml"), Files.readString(
                    k8s.resolve("base/identity-service/hpa.yaml")).replace("identity-service", "risk-aggregator"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        edit(k8s, "base/risk-aggregator/kustomization.yaml", "  - scaledobject.yaml\n", "  - scaledobject.yaml\n  - hpa.yaml\n");
        assertFails(k8s, "has both an HPA and a KEDA ScaledObject");
    }

    @Test
    void moreReplicasThanPartitions() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/risk-aggregator/scaledobject.yaml", "maxReplicaCount: 6", "maxReplicaCount: 24");
        assertFails(k8s, "maxReplicaCount 24 exceeds the 12 partitions of risk.signals");
    }

    @Test
    void aTopicOfTheDesignWithoutKafkaTopic() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/infra/kafka-topics.yaml", "topicName: watchlists.updated", "topicName: watchlists.changed");
        assertFails(k8s, "topic watchlists.updated of DESIGN.md has no KafkaTopic");
    }

    @Test
    void anUndocumentedSecret() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/payments-service/deployment.yaml", "name: firebreak-identifiers", "name: payments-api-key");
        assertFails(k8s, "Secret payments-api-key is neither provided nor documented");
    }

    @Test
    void aDeploymentWithoutItsDisruptionBudgetOrNetworkPolicy() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: policy checks skipped");
        Path k8s = copy();
        edit(k8s, "base/payments-service/kustomization.yaml", "  - pdb.yaml\n", "");
        edit(k8s, "base/payments-service/kustomization.yaml", "  - networkpolicy.yaml\n", "");
        assertFails(k8s, "Deployment/payments-service (rendered prod): no PodDisruptionBudget selects its pods");
        assertFails(k8s, "Deployment/payments-service (rendered prod): no NetworkPolicy of its own");
    }

    @Test
    void anOverlayThatDoesNotRender() {
        Assumptions.assumeTrue(Validation.kubectl().isPresent(), "kubectl is not on the PATH: rendering skipped");
        Path k8s = copy();
        edit(k8s, "overlays/prod/kustomization.yaml", "../../base", "../../bass");
        assertFails(k8s, "kubectl kustomize");
    }
}
