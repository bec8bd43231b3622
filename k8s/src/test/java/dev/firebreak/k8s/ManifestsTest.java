package dev.firebreak.k8s;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real manifests: every base file types cleanly, every overlay renders and satisfies the policies. */
class ManifestsTest {

    private final Path k8s = Validation.k8sDir();

    @Test
    void everyBaseFileReadsIntoItsTypedModel() {
        List<String> violations = Validation.base(k8s);
        assertEquals(List.of(), violations);
        assertTrue(Manifests.parseFolder(k8s.resolve("base")).size() > 50, "the base holds the whole suite");
    }

    @Test
    void theTenantTemplateTypesCleanlyAndNamesATenantTopic() {
        List<Doc> docs = Manifests.parseFolder(k8s.resolve("tenants"));
        assertEquals(List.of(), TypedModel.check(docs));
        String topic = docs.stream().filter(d -> d.kind().equals("KafkaTopic")).findFirst().orElseThrow()
                .path("spec", "topicName").map(String::valueOf).orElseThrow();
        assertEquals(java.util.Optional.of("acme"), dev.firebreak.contract.Topics.tenantOfPlatformEvents(topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void everyOverlayRendersAndSatisfiesThePolicies(String overlay) {
        Path kubectl = Validation.kubectl().orElse(null);
        Assumptions.assumeTrue(kubectl != null,
                "kubectl is not on the PATH: overlay rendering skipped (the base was still parsed and typed)");
        assertEquals(List.of(), Validation.overlay(kubectl, k8s, overlay));
    }

    @Test
    void theKindsLeftUntypedAreListed() {
        // KEDA, CloudNativePG and the Keycloak operator publish no Java model on Maven Central that fits here:
        // their documents are checked by required keys and allowed spec keys instead
        assertEquals(List.of("k8s.keycloak.org/v2alpha1/Keycloak", "k8s.keycloak.org/v2alpha1/KeycloakRealmImport",
                        "keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication",
                        "kustomize.config.k8s.io/v1beta1/Kustomization", "postgresql.cnpg.io/v1/Cluster",
                        "postgresql.cnpg.io/v1/Database"),
                TypedModel.UNTYPED.keySet().stream().sorted().toList());
    }
}
