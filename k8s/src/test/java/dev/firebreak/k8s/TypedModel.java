package dev.firebreak.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every document into its typed model — fabric8's for Kubernetes kinds, Strimzi's for Kafka kinds —
 * and reports any field the model does not know (it lands in {@code additionalProperties}), so a typo fails
 * the build. Kinds without a Java model here (KEDA, CloudNativePG, the Keycloak operator, Kustomize) are
 * checked against their required keys and the keys their {@code spec} may hold.
 */
final class TypedModel {

    static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    /** Untyped kinds: required paths (dot-separated) and the keys allowed directly under spec. */
    record Untyped(List<String> required, Set<String> specKeys) {
    }

    static final Map<String, Untyped> UNTYPED = Map.of(
            "keda.sh/v1alpha1/ScaledObject", new Untyped(
                    List.of("metadata.name", "spec.scaleTargetRef.name", "spec.maxReplicaCount", "spec.triggers"),
                    Set.of("scaleTargetRef", "minReplicaCount", "maxReplicaCount", "pollingInterval", "cooldownPeriod",
                            "idleReplicaCount", "triggers", "advanced", "fallback", "initialCooldownPeriod")),
            "keda.sh/v1alpha1/TriggerAuthentication", new Untyped(List.of("metadata.name"),
                    Set.of("secretTargetRef", "configMapTargetRef", "env", "hashiCorpVault", "podIdentity")),
            "postgresql.cnpg.io/v1/Cluster", new Untyped(List.of("metadata.name", "spec.instances", "spec.storage.size"),
                    Set.of("instances", "imageName", "storage", "walStorage", "resources", "monitoring", "managed",
                            "bootstrap", "postgresql", "backup", "affinity", "superuserSecret", "enableSuperuserAccess",
                            "primaryUpdateStrategy", "description")),
            "postgresql.cnpg.io/v1/Database", new Untyped(List.of("metadata.name", "spec.cluster.name", "spec.name",
                    "spec.owner"), Set.of("cluster", "name", "owner", "ensure", "databaseReclaimPolicy", "encoding",
                    "locale", "template")),
            "k8s.keycloak.org/v2alpha1/Keycloak", new Untyped(List.of("metadata.name", "spec.instances", "spec.db.vendor",
                    "spec.db.host", "spec.http", "spec.hostname"), Set.of("instances", "db", "http", "hostname",
                    "proxy", "resources", "features", "transaction", "unsupported", "image", "additionalOptions",
                    "ingress", "cache", "startOptimized")),
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", new Untyped(List.of("metadata.name", "spec.keycloakCRName",
                    "spec.realm.realm"), Set.of("keycloakCRName", "realm", "placeholders", "resources")),
            "kustomize.config.k8s.io/v1beta1/Kustomization", new Untyped(List.of(), Set.of()));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private TypedModel() {
    }

    /** Every problem of every document: unknown kinds, unknown fields, missing required keys. */
    static List<String> check(Collection<Doc> docs) {
        List<String> violations = new ArrayList<>();
        for (Doc doc : docs) {
            String key = doc.apiVersion() + "/" + doc.kind();
            Class<?> type = TYPED.get(key);
            if (type != null) {
                try {
                    Object typed = MAPPER.convertValue(doc.body(), type);
                    unknownFields(typed, doc.kind(), violations, doc, Collections.newSetFromMap(new IdentityHashMap<>()));
                } catch (IllegalArgumentException e) {
                    violations.add(doc.id() + ": does not read as " + type.getSimpleName() + ": " + e.getMessage());
                }
                continue;
            }
            Untyped untyped = UNTYPED.get(key);
            if (untyped == null) {
                violations.add(doc.id() + ": kind " + key + " is neither typed nor listed with its required keys");
                continue;
            }
            for (String path : untyped.required()) {
                if (doc.path(path.split("\\.")).isEmpty()) {
                    violations.add(doc.id() + ": required key " + path + " is missing");
                }
            }
            if (!untyped.specKeys().isEmpty()) {
                for (String specKey : Doc.map(doc.body().get("spec")).keySet()) {
                    if (!untyped.specKeys().contains(specKey)) {
                        violations.add(doc.id() + ": unknown field spec." + specKey);
                    }
                }
            }
        }
        return violations;
    }

    /** Walks the typed object graph; any non-empty additionalProperties is a field the model did not know. */
    private static void unknownFields(Object node, String path, List<String> violations, Doc doc, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", violations, doc, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), violations, doc, seen);
            }
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
            return;
        }
        for (Method method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = method.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    violations.add(doc.id() + ": unknown field(s) " + extra.keySet() + " at " + path);
                }
                continue;
            }
            if (value instanceof Map<?, ?> || value instanceof Collection<?>
                    || (value != null && (value.getClass().getPackageName().startsWith("io.fabric8")
                    || value.getClass().getPackageName().startsWith("io.strimzi")))) {
                unknownFields(value, path + "." + property(method.getName()), violations, doc, seen);
            }
        }
    }

    private static String property(String getter) {
        String name = getter.substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
