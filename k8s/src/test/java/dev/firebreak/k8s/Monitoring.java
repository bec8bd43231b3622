package dev.firebreak.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an operator watches, checked on a rendered overlay: the alert rules cover what issue 27 names (consumer lag,
 * dead letters, stale lists, outbox backlog, refresh lag, webhook failures), each alert says how bad and what to do,
 * the dashboards are Grafana JSON whose every panel queries something, and every {@code firebreak_*} metric a rule or
 * a panel names is one the suite publishes (docs/operations.md's catalogue, which {@code ObservabilityIT} checks
 * against the running services' scrapes). PromQL itself is checked for balanced brackets and quotes only: no PromQL
 * parser exists for Java on Maven Central.
 */
final class Monitoring {

    /** The metric each required alert must watch. */
    static final Map<String, String> REQUIRED = Map.of(
            "consumer lag", Monitoring.KAFKA_LAG,
            "dead letters", "firebreak_dead_letters_total",
            "stale lists", "firebreak_watchlist_age_seconds",
            "outbox backlog", "firebreak_outbox_oldest_pending_seconds",
            "refresh lag", "firebreak_assessment_refresh_lag_seconds",
            "webhook failures", "firebreak_webhook_failures_total");
    static final String KAFKA_LAG = "kafka_consumergroup_lag";
    private static final Pattern SUITE_METRIC = Pattern.compile("\\bfirebreak_[a-z0-9_]+");
    private static final Pattern CATALOGUE_ROW = Pattern.compile("^\\| `(firebreak_[a-z0-9_]+)`");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Monitoring() {
    }

    /** The suite's metrics as docs/operations.md lists them (the first column of its metrics table). */
    static Set<String> catalogue(Path operationsDoc) {
        try {
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(operationsDoc)) {
                Matcher m = CATALOGUE_ROW.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> check(List<Doc> docs, Set<String> catalogue, Set<String> runbookAnchors) {
        List<String> v = new ArrayList<>();
        if (catalogue.isEmpty()) {
            v.add("docs/operations.md lists no firebreak_ metric");
        }
        List<Doc> rules = Policies.ofKind(docs, "PrometheusRule");
        if (rules.isEmpty()) {
            v.add("no PrometheusRule");
        }
        Set<String> watched = new TreeSet<>();
        for (Doc rule : rules) {
            for (Object g : Doc.list(rule.path("spec", "groups").orElse(null))) {
                for (Object r : Doc.list(Doc.map(g).get("rules"))) {
                    Map<String, Object> alert = Doc.map(r);
                    String name = String.valueOf(alert.get("alert"));
                    String where = rule.id() + " alert " + name;
                    String expr = String.valueOf(alert.get("expr"));
                    query(expr, where, catalogue, v);
                    watched.addAll(metrics(expr));
                    if (expr.contains(KAFKA_LAG)) {
                        watched.add(KAFKA_LAG); // Strimzi's Kafka Exporter's, not the suite's
                    }
                    Object severity = Doc.map(alert.get("labels")).get("severity");
                    if (!"warning".equals(severity) && !"critical".equals(severity)) {
                        v.add(where + ": labels.severity must be warning or critical");
                    }
                    Map<String, Object> notes = Doc.map(alert.get("annotations"));
                    if (String.valueOf(notes.getOrDefault("summary", "")).isBlank()) {
                        v.add(where + ": no annotations.summary");
                    }
                    String runbook = String.valueOf(notes.getOrDefault("runbook", ""));
                    String anchor = runbook.contains("#") ? runbook.substring(runbook.indexOf('#') + 1) : "";
                    if (!runbook.startsWith("docs/operations.md#") || !runbookAnchors.contains(anchor)) {
                        v.add(where + ": annotations.runbook must point to a section of docs/operations.md, not '"
                                + runbook + "'");
                    }
                }
            }
        }
        REQUIRED.forEach((what, metric) -> {
            if (!watched.contains(metric)) {
                v.add("no alert on " + what + " (" + metric + ")");
            }
        });
        List<Doc> dashboards = Policies.ofKind(docs, "ConfigMap").stream()
                .filter(c -> "1".equals(String.valueOf(Doc.map(c.path("metadata", "labels").orElse(null))
                        .get("grafana_dashboard")))).toList();
        if (dashboards.isEmpty()) {
            v.add("no ConfigMap labelled grafana_dashboard");
        }
        for (Doc map : dashboards) {
            Map<String, Object> data = Doc.map(map.path("data").orElse(null));
            if (data.isEmpty()) {
                v.add(map.id() + ": holds no dashboard");
            }
            data.forEach((file, text) -> dashboard(map.id() + " " + file, String.valueOf(text), catalogue, v));
        }
        return v;
    }

    private static void dashboard(String where, String text, Set<String> catalogue, List<String> v) {
        JsonNode board;
        try {
            board = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            v.add(where + ": not JSON (" + e.getOriginalMessage() + ")");
            return;
        }
        for (String field : List.of("uid", "title", "schemaVersion")) {
            if (board.path(field).isMissingNode() || board.path(field).asText().isBlank()) {
                v.add(where + ": no " + field);
            }
        }
        JsonNode panels = board.path("panels");
        if (!panels.isArray() || panels.isEmpty()) {
            v.add(where + ": no panels");
            return;
        }
        for (JsonNode panel : panels) {
            String p = where + " panel '" + panel.path("title").asText() + "'";
            JsonNode targets = panel.path("targets");
            if (!targets.isArray() || targets.isEmpty()) {
                v.add(p + ": no query");
            }
            for (JsonNode target : targets) {
                query(target.path("expr").asText(), p, catalogue, v);
            }
        }
    }

    /** A query's syntax as far as it can be checked here, and its suite metrics against the catalogue. */
    private static void query(String expr, String where, Set<String> catalogue, List<String> v) {
        if (expr.isBlank() || "null".equals(expr)) {
            v.add(where + ": empty query");
            return;
        }
        if (!balanced(expr)) {
            v.add(where + ": unbalanced brackets or quotes in '" + expr + "'");
        }
        for (String metric : metrics(expr)) {
            if (!catalogue.contains(metric)) {
                v.add(where + ": " + metric + " is not a metric the suite publishes (docs/operations.md)");
            }
        }
    }

    static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = SUITE_METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static boolean balanced(String expr) {
        StringBuilder open = new StringBuilder();
        char quote = 0;
        for (char c : expr.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '(', '[', '{' -> open.append(c);
                case ')', ']', '}' -> {
                    if (open.isEmpty() || "([{".indexOf(open.charAt(open.length() - 1)) != ")]}".indexOf(c)) {
                        return false;
                    }
                    open.setLength(open.length() - 1);
                }
                default -> { }
            }
        }
        return quote == 0 && open.isEmpty();
    }

    /** The anchors of a Markdown file's headings, as GitHub makes them (lower case, spaces to hyphens). */
    static Set<String> anchors(Path markdown) {
        try {
            Set<String> anchors = new TreeSet<>();
            for (String line : Files.readAllLines(markdown)) {
                if (line.startsWith("#")) {
                    anchors.add(line.replaceFirst("^#+\\s*", "").strip().toLowerCase(java.util.Locale.ROOT)
                            .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
                }
            }
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
