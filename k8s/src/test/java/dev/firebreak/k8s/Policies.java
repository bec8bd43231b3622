package dev.firebreak.k8s;

import dev.firebreak.contract.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment rules of the k8s issue, checked on a rendered overlay: probes, resources, restricted
 * security contexts, disruption budgets, one autoscaler per Deployment, KEDA bounded by partitions, a
 * KafkaTopic per topic of DESIGN.md, network policies, and every Secret reference accounted for.
 */
final class Policies {

    static final Set<String> SERVICES = Set.of("identity-service", "platform-signals-service", "payments-service",
            "risk-aggregator", "analyst-console");

    private Policies() {
    }

    static List<String> check(List<Doc> docs, Set<String> documentedSecrets) {
        List<String> v = new ArrayList<>();
        List<Doc> deployments = ofKind(docs, "Deployment");
        if (deployments.isEmpty()) {
            v.add("no Deployment at all");
        }
        for (Doc d : deployments) {
            deployment(d, docs, v);
        }
        scaling(docs, deployments, v);
        topics(docs, v);
        network(docs, deployments, v);
        tracing(docs, deployments, v);
        secrets(docs, documentedSecrets, v);
        return v;
    }

    private static void deployment(Doc d, List<Doc> docs, List<String> v) {
        String name = d.name();
        Map<String, Object> labels = Doc.map(d.path("spec", "template", "metadata", "labels").orElse(null));
        if (!name.equals(labels.get("app.kubernetes.io/name"))) {
            v.add(d.id() + ": pod label app.kubernetes.io/name must equal the Deployment name");
        }
        if (!SERVICES.contains(name)) {
            v.add(d.id() + ": not a module of the suite");
        }
        Map<String, Object> podSecurity = Doc.map(d.path("spec", "template", "spec", "securityContext").orElse(null));
        if (!Boolean.TRUE.equals(podSecurity.get("runAsNonRoot"))) {
            v.add(d.id() + ": pod securityContext.runAsNonRoot must be true");
        }
        if (!"RuntimeDefault".equals(Doc.map(podSecurity.get("seccompProfile")).get("type"))) {
            v.add(d.id() + ": pod seccompProfile must be RuntimeDefault");
        }
        if (Doc.list(d.path("spec", "template", "spec", "topologySpreadConstraints").orElse(null)).isEmpty()) {
            v.add(d.id() + ": no topologySpreadConstraints");
        }
        Set<String> emptyDirs = new HashSet<>();
        for (Object volume : Doc.list(d.path("spec", "template", "spec", "volumes").orElse(null))) {
            if (Doc.map(volume).containsKey("emptyDir")) {
                emptyDirs.add(String.valueOf(Doc.map(volume).get("name")));
            }
        }
        List<Object> containers = Doc.list(d.path("spec", "template", "spec", "containers").orElse(null));
        if (containers.isEmpty()) {
            v.add(d.id() + ": no containers");
        }
        for (Object c : containers) {
            Map<String, Object> container = Doc.map(c);
            String where = d.id() + " container " + container.get("name");
            probe(container, "startupProbe", "/q/health/started", where, v);
            probe(container, "livenessProbe", "/q/health/live", where, v);
            probe(container, "readinessProbe", "/q/health/ready", where, v);
            Map<String, Object> resources = Doc.map(container.get("resources"));
            if (!Doc.map(resources.get("requests")).containsKey("cpu") || !Doc.map(resources.get("requests")).containsKey("memory")) {
                v.add(where + ": needs cpu and memory requests");
            }
            if (!Doc.map(resources.get("limits")).containsKey("memory")) {
                v.add(where + ": needs a memory limit");
            }
            Map<String, Object> security = Doc.map(container.get("securityContext"));
            if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                v.add(where + ": allowPrivilegeEscalation must be false");
            }
            if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                v.add(where + ": readOnlyRootFilesystem must be true");
            }
            if (!Doc.list(Doc.map(security.get("capabilities")).get("drop")).contains("ALL")) {
                v.add(where + ": capabilities must drop ALL");
            }
            boolean tmp = Doc.list(container.get("volumeMounts")).stream().map(Doc::map)
                    .anyMatch(m -> "/tmp".equals(m.get("mountPath")) && emptyDirs.contains(String.valueOf(m.get("name"))));
            if (!tmp) {
                v.add(where + ": /tmp must be an emptyDir (the root filesystem is read-only)");
            }
        }
        boolean budget = ofKind(docs, "PodDisruptionBudget").stream().anyMatch(pdb -> selects(
                Doc.map(pdb.path("spec", "selector", "matchLabels").orElse(null)), labels));
        if (!budget) {
            v.add(d.id() + ": no PodDisruptionBudget selects its pods");
        }
    }

    private static void probe(Map<String, Object> container, String probe, String path, String where, List<String> v) {
        Map<String, Object> get = Doc.map(Doc.map(container.get(probe)).get("httpGet"));
        if (!path.equals(get.get("path"))) {
            v.add(where + ": " + probe + " must GET " + path);
        }
        if (!"management".equals(get.get("port"))) {
            v.add(where + ": " + probe + " must use the management port (health is not served on the API port)");
        }
    }

    private static void scaling(List<Doc> docs, List<Doc> deployments, List<String> v) {
        Map<String, Integer> partitions = new HashMap<>();
        for (Doc topic : ofKind(docs, "KafkaTopic")) {
            String name = topic.path("spec", "topicName").map(String::valueOf).orElse(topic.name());
            partitions.put(name, ((Number) topic.path("spec", "partitions").orElse(0)).intValue());
        }
        for (Doc deployment : deployments) {
            long hpas = ofKind(docs, "HorizontalPodAutoscaler").stream()
                    .filter(h -> deployment.name().equals(h.path("spec", "scaleTargetRef", "name").orElse(null))).count();
            List<Doc> scaled = ofKind(docs, "ScaledObject").stream()
                    .filter(s -> deployment.name().equals(s.path("spec", "scaleTargetRef", "name").orElse(null))).toList();
            if (hpas > 0 && !scaled.isEmpty()) {
                v.add(deployment.id() + ": has both an HPA and a KEDA ScaledObject");
            }
            if (hpas == 0 && scaled.isEmpty()) {
                v.add(deployment.id() + ": has no autoscaler");
            }
            for (Doc s : scaled) {
                int max = ((Number) s.path("spec", "maxReplicaCount").orElse(Integer.MAX_VALUE)).intValue();
                for (Object trigger : Doc.list(s.path("spec", "triggers").orElse(null))) {
                    Map<String, Object> metadata = Doc.map(Doc.map(trigger).get("metadata"));
                    if (!"kafka".equals(Doc.map(trigger).get("type"))) {
                        continue;
                    }
                    String topic = String.valueOf(metadata.get("topic"));
                    Integer topicPartitions = partitions.get(topic);
                    if (topicPartitions == null) {
                        v.add(s.id() + ": scales on topic " + topic + " that has no KafkaTopic");
                    } else if (max > topicPartitions) {
                        v.add(s.id() + ": maxReplicaCount " + max + " exceeds the " + topicPartitions
                                + " partitions of " + topic);
                    }
                }
            }
        }
    }

    private static void topics(List<Doc> docs, List<String> v) {
        Set<String> declared = new HashSet<>();
        for (Doc topic : ofKind(docs, "KafkaTopic")) {
            declared.add(topic.path("spec", "topicName").map(String::valueOf).orElse(topic.name()));
        }
        for (String topic : Topics.ALL) {
            if (!declared.contains(topic)) {
                v.add("topic " + topic + " of DESIGN.md has no KafkaTopic");
            }
        }
        // a topic never keeps worker data longer than the databases do (docs/privacy.md), so a replay cannot bring
        // back what retention deleted; the erasures' topic is compacted and kept (it holds hashes once settled)
        for (Doc topic : ofKind(docs, "KafkaTopic")) {
            String name = topic.path("spec", "topicName").map(String::valueOf).orElse(topic.name());
            Map<String, Object> config = Doc.map(topic.path("spec", "config").orElse(null));
            if (Topics.COMPACTED.contains(name)) {
                if (!"compact".equals(String.valueOf(config.get("cleanup.policy")))) {
                    v.add("topic " + name + " is not compacted");
                }
                continue;
            }
            long limit = name.startsWith("platform.events") ? RETENTION_PLATFORM_EVENTS_MS : RETENTION_SIGNALS_MS;
            Object retention = config.get("retention.ms");
            if (retention == null || Long.parseLong(String.valueOf(retention)) <= 0
                    || Long.parseLong(String.valueOf(retention)) > limit) {
                v.add("topic " + name + " keeps messages longer than its data is kept (retention.ms " + retention + ")");
            }
        }
    }

    /** The databases' default retention of platform events and of signals (firebreak.retention.*), in ms. */
    private static final long RETENTION_PLATFORM_EVENTS_MS = 180L * 24 * 3600 * 1000;
    private static final long RETENTION_SIGNALS_MS = 730L * 24 * 3600 * 1000;

    private static void network(List<Doc> docs, List<Doc> deployments, List<String> v) {
        List<Doc> policies = ofKind(docs, "NetworkPolicy");
        boolean defaultDeny = policies.stream().anyMatch(p -> Doc.map(p.path("spec", "podSelector").orElse(null)).isEmpty()
                && Doc.list(p.path("spec", "policyTypes").orElse(null)).containsAll(List.of("Ingress", "Egress"))
                && p.path("spec", "ingress").isEmpty() && p.path("spec", "egress").isEmpty());
        if (!defaultDeny) {
            v.add("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
        }
        for (Doc deployment : deployments) {
            Map<String, Object> labels = Doc.map(deployment.path("spec", "template", "metadata", "labels").orElse(null));
            boolean own = policies.stream().anyMatch(p -> {
                Map<String, Object> selector = Doc.map(p.path("spec", "podSelector", "matchLabels").orElse(null));
                return !selector.isEmpty() && selects(selector, labels);
            });
            if (!own) {
                v.add(deployment.id() + ": no NetworkPolicy of its own");
            }
            List<Doc> monitors = ofKind(docs, "ServiceMonitor").stream().filter(m -> deployment.name().equals(
                    Doc.map(m.path("spec", "selector", "matchLabels").orElse(null)).get("app.kubernetes.io/name")))
                    .toList();
            if (monitors.isEmpty()) {
                v.add(deployment.id() + ": no ServiceMonitor");
            }
            // metrics live on the management port (issue 27): scraped there, and the API port serves none
            for (Doc monitor : monitors) {
                for (Object endpoint : Doc.list(monitor.path("spec", "endpoints").orElse(null))) {
                    if (!"management".equals(Doc.map(endpoint).get("port"))) {
                        v.add(monitor.id() + ": must scrape the management port, not '" + Doc.map(endpoint).get("port")
                                + "'");
                    }
                }
            }
            boolean exposed = ofKind(docs, "Service").stream().filter(svc -> selects(
                            Doc.map(svc.path("spec", "selector").orElse(null)), labels))
                    .anyMatch(svc -> Doc.list(svc.path("spec", "ports").orElse(null)).stream()
                            .anyMatch(p -> "management".equals(Doc.map(p).get("name"))));
            if (!exposed) {
                v.add(deployment.id() + ": no Service port named management (the ServiceMonitor scrapes it)");
            }
        }
    }

    /**
     * Traces (issue 27): every service built on the service kit (all but the console) reads OpenTelemetry's settings
     * ({@code firebreak-tracing}, which turns the SDK on and names an OTLP endpoint), and a NetworkPolicy lets it send
     * to the collector's OTLP/HTTP port: without either, tracing is silently off in the cluster.
     */
    private static void tracing(List<Doc> docs, List<Doc> deployments, List<String> v) {
        boolean settings = ofKind(docs, "ConfigMap").stream().filter(c -> c.name().startsWith("firebreak-tracing"))
                .map(c -> Doc.map(c.path("data").orElse(null)))
                .anyMatch(data -> "false".equals(data.get("QUARKUS_OTEL_SDK_DISABLED"))
                        && "true".equals(data.get("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_TRACING_ENABLED"))
                        && data.containsKey("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        if (!settings) {
            v.add("no firebreak-tracing ConfigMap turning the OpenTelemetry SDK and the Kafka connector's spans on, with"
                    + " an OTLP endpoint");
        }
        for (Doc deployment : deployments) {
            if (deployment.name().equals("analyst-console")) {
                continue;
            }
            boolean reads = false;
            for (Object c : Doc.list(deployment.path("spec", "template", "spec", "containers").orElse(null))) {
                for (Object from : Doc.list(Doc.map(c).get("envFrom"))) {
                    Object name = Doc.map(Doc.map(from).get("configMapRef")).get("name");
                    reads |= name != null && name.toString().startsWith("firebreak-tracing");
                }
            }
            if (!reads) {
                v.add(deployment.id() + ": does not read the firebreak-tracing ConfigMap (envFrom)");
            }
            boolean egress = ofKind(docs, "NetworkPolicy").stream().anyMatch(p -> {
                boolean selected = Doc.list(p.path("spec", "podSelector", "matchExpressions").orElse(null)).stream()
                        .map(Doc::map).anyMatch(e -> "app.kubernetes.io/name".equals(e.get("key"))
                                && "In".equals(e.get("operator")) && Doc.list(e.get("values")).contains(deployment.name()))
                        || selects(Doc.map(p.path("spec", "podSelector", "matchLabels").orElse(null)),
                        Doc.map(deployment.path("spec", "template", "metadata", "labels").orElse(null)));
                return selected && Doc.list(p.path("spec", "egress").orElse(null)).stream()
                        .flatMap(rule -> Doc.list(Doc.map(rule).get("ports")).stream())
                        .anyMatch(port -> "4318".equals(String.valueOf(Doc.map(port).get("port"))));
            });
            if (!egress) {
                v.add(deployment.id() + ": no NetworkPolicy lets it send traces (egress to port 4318)");
            }
        }
    }

    /** Every Secret a manifest names is rendered, created by an operator, or documented for the ops team. */
    private static void secrets(List<Doc> docs, Set<String> documented, List<String> v) {
        Set<String> provided = new HashSet<>(documented);
        ofKind(docs, "Secret").forEach(s -> provided.add(s.name()));
        ofKind(docs, "KafkaUser").forEach(u -> provided.add(u.name()));
        ofKind(docs, "Kafka").forEach(k -> provided.add(k.name() + "-cluster-ca-cert"));
        for (Doc doc : docs) {
            for (String secret : referencedSecrets(doc)) {
                if (!provided.contains(secret)) {
                    v.add(doc.id() + ": Secret " + secret + " is neither provided nor documented in k8s/README.md");
                }
            }
        }
    }

    static Set<String> referencedSecrets(Doc doc) {
        Set<String> names = new TreeSet<>();
        collect(doc.body(), null, names);
        return names;
    }

    private static void collect(Object node, String key, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String k = String.valueOf(e.getKey());
                Object value = e.getValue();
                if ((k.equals("secretKeyRef") || k.equals("secretRef") || k.equals("passwordSecret")
                        || k.equals("usernameSecret") || k.equals("secret")) && value instanceof Map<?, ?> ref
                        && ref.get("name") != null) {
                    names.add(String.valueOf(ref.get("name")));
                } else if ((k.equals("secretName") || k.equals("tlsSecret")) && value instanceof String s) {
                    names.add(s);
                } else if (k.equals("secretTargetRef")) {
                    Doc.list(value).forEach(r -> names.add(String.valueOf(Doc.map(r).get("name"))));
                }
                collect(value, k, names);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, key, names));
        }
    }

    /** Secret names listed in the README's "Secrets" section (backticked, first column). */
    static Set<String> documentedSecrets(Path readme) {
        try {
            String text = Files.readString(readme);
            int start = text.indexOf("## Secrets");
            if (start < 0) {
                return Set.of();
            }
            int end = text.indexOf("\n## ", start + 1);
            String section = text.substring(start, end < 0 ? text.length() : end);
            Set<String> names = new HashSet<>();
            Matcher m = Pattern.compile("(?m)^\\|\\s*`([a-z0-9.-]+)`").matcher(section);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Doc> ofKind(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.kind())).toList();
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> Objects.equals(String.valueOf(e.getValue()), String.valueOf(labels.get(e.getKey()))));
    }
}
