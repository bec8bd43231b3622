package dev.firebreak.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads the scenarios of {@code examples/scenarios} into a running stack through the public APIs, with real
 * Keycloak tokens of each scenario's tenant, then prints each worker's assessment from the risk-aggregator.
 */
public final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scenario file: who the worker is, which tenant reports it, the API calls, the tier the data implies. */
    public record Scenario(String name, String description, String tenant, String workerId, String expectedTier,
                           List<Call> requests) {
    }

    public record Call(String service, String path, JsonNode body) {
    }

    /** One row of the printed table. */
    public record Row(String workerId, String tenant, String tier, double score, List<String> flags,
                      String expectedTier, String scenario) {
        public boolean asExpected() {
            return expectedTier.equals(tier);
        }
    }

    private final StackConfig config;
    private final Secrets secrets;
    private final Map<String, String> tokens = new HashMap<>();

    public Demo(StackConfig config, Secrets secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    public static List<Scenario> scenarios(Path examples) {
        Path dir = examples.resolve("scenarios");
        try (Stream<Path> files = Files.list(dir)) {
            List<Scenario> scenarios = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                scenarios.add(JSON.readValue(file.toFile(), Scenario.class));
            }
            return scenarios;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenarios from " + dir, e);
        }
    }

    /** The fields of a scenario's bodies that say when something happened. */
    private static final List<String> TIMES = List.of("observedAt", "occurredAt");

    /**
     * Loads every scenario, waits for the assessments, prints the table and returns its rows. The scenarios' times are
     * moved by whole days so that the latest is within the last day ({@link #shift}): every code has a lifetime (its
     * signals stop counting some time after their evidence), and a scenario's tier must not depend on the day it runs.
     */
    public List<Row> run(List<Scenario> scenarios, PrintStream out, Duration wait) {
        Duration shift = shift(scenarios, Instant.now());
        for (Scenario scenario : scenarios) {
            for (Call call : scenario.requests()) {
                JsonNode body = moved(call.body().deepCopy(), shift);
                HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
                                URI.create(config.service(call.service()).url() + call.path()))
                        .header("Authorization", "Bearer " + token(scenario.tenant()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException(scenario.name() + ": POST " + call.service() + call.path()
                            + " answered " + response.statusCode() + " " + response.body());
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            rows.add(awaitAssessment(scenario, wait));
        }
        print(rows, out);
        return rows;
    }

    /**
     * Whole days that bring the scenarios' latest time to the day before {@code now} (none if it is already that
     * recent): the same all day, so a demo run twice in a day sends the same times (a replay changes nothing).
     */
    static Duration shift(List<Scenario> scenarios, Instant now) {
        Instant latest = null;
        for (Scenario scenario : scenarios) {
            for (Call call : scenario.requests()) {
                for (JsonNode time : call.body().findValues("observedAt")) {
                    latest = later(latest, time);
                }
                for (JsonNode time : call.body().findValues("occurredAt")) {
                    latest = later(latest, time);
                }
            }
        }
        if (latest == null) {
            return Duration.ZERO;
        }
        long days = Duration.between(latest, now).toDays() - 1;
        return Duration.ofDays(Math.max(0, days));
    }

    private static Instant later(Instant latest, JsonNode time) {
        Instant t = Instant.parse(time.asText());
        return latest == null || t.isAfter(latest) ? t : latest;
    }

    /** The body with its times moved by {@code shift}. */
    static JsonNode moved(JsonNode node, Duration shift) {
        if (node instanceof ObjectNode object) {
            for (String field : List.copyOf(iterable(object.fieldNames()))) {
                JsonNode value = object.get(field);
                if (TIMES.contains(field) && value.isTextual()) {
                    object.put(field, Instant.parse(value.asText()).plus(shift).toString());
                } else {
                    moved(value, shift);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> moved(element, shift));
        }
        return node;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private Row awaitAssessment(Scenario scenario, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode last = null;
        while (true) {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(
                            config.service("risk-aggregator").url() + "/api/v1/workers/"
                                    + URLEncoder.encode(scenario.workerId(), StandardCharsets.UTF_8) + "/assessment"))
                    .header("Authorization", "Bearer " + token(scenario.tenant())).GET().build());
            if (response.statusCode() == 200) {
                try {
                    last = JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (scenario.expectedTier().equals(last.path("tier").asText())) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            ChildProcess.sleep(300);
        }
        if (last == null) {
            return new Row(scenario.workerId(), scenario.tenant(), "(no assessment)", 0, List.of(),
                    scenario.expectedTier(), scenario.name());
        }
        List<String> flags = new ArrayList<>();
        last.path("flags").forEach(f -> flags.add(f.path("code").asText()));
        return new Row(scenario.workerId(), scenario.tenant(), last.path("tier").asText(), last.path("score").asDouble(),
                flags, scenario.expectedTier(), scenario.name());
    }

    public static void print(List<Row> rows, PrintStream out) {
        String format = "%-20s %-14s %-24s %6s  %-14s %s%n";
        out.printf(format, "WORKER", "TENANT", "TIER", "SCORE", "FLAGS", "SCENARIO");
        for (Row row : rows) {
            out.printf(format, row.workerId(), row.tenant(), row.tier(), String.format("%.2f", row.score()),
                    row.flags().isEmpty() ? "-" : String.join(",", row.flags()),
                    row.scenario() + (row.asExpected() ? "" : "  (expected " + row.expectedTier() + ")"));
        }
        out.flush();
    }

    private String token(String tenant) {
        return tokens.computeIfAbsent(tenant, t -> Keycloak.token(config, secrets, Realm.clientId(t, null)));
    }
}
