package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs a {@link QualityPopulation} through the four public APIs of the running suite in time order, waits until every
 * worker's assessment has settled, and measures: recall per pattern, ordinary workers' tiers overall, per hard case
 * and per home region, and how often each code is active on ordinary workers. The goals of issue 30 are
 * {@link Result#failures()}.
 */
final class DetectionQuality {

    static final String TENANT = "demo-marketplace";
    private static final Set<String> HIGH = Set.of("HIGH_RISK", "CRITICAL");
    private static final Set<String> EDD = Set.of("ENHANCED_DUE_DILIGENCE", "HIGH_RISK", "CRITICAL");

    private final LocalStack stack;

    DetectionQuality(LocalStack stack) {
        this.stack = stack;
    }

    /** One worker's outcome: the codes counted towards its tier, and those shown but not counted. */
    record Outcome(QualityPopulation.Worker worker, String tier, Set<String> codes, Set<String> shown) {
    }

    record Result(List<Outcome> outcomes, String report, List<String> failures) {
    }

    Result run(String run, long seed, int ordinary, int dprk, int ipBlock, Path reportFile) throws Exception {
        loadLists();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(29));
        QualityPopulation population = new QualityPopulation(run, seed, t0, 28, ipBlock).generate(ordinary, dprk);
        long started = System.nanoTime();
        int calls = send(population.items());
        long sent = System.nanoTime();
        List<Outcome> outcomes = settle(population.workers());
        long settled = System.nanoTime();
        Result result = measure(outcomes);
        String report = "Detection quality, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", seed " + seed + ": "
                + population.workers().size() + " workers, " + population.items().size() + " items in " + calls
                + " calls, sent in " + seconds(sent - started) + " s, settled in " + seconds(settled - sent) + " s\n\n"
                + result.report();
        Files.createDirectories(reportFile.getParent());
        Files.writeString(reportFile, report);
        System.out.println(report);
        return new Result(outcomes, report, result.failures());
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }

    /** The real UN list, when the reference data is beside the repository: common names must not match it. */
    private void loadLists() {
        Path un = ListFiles.shared().resolve("un/consolidated.xml");
        if (!Files.exists(un)) {
            System.out.println("DetectionQuality: " + un + " is absent; the population runs without a sanctions list");
            return;
        }
        int status = Http.send(HttpRequest.newBuilder(URI.create(stack.config().service("identity-service").url()
                        + "/api/v1/watchlists/un-xml")).header("Authorization", "Bearer " + stack.token("operator"))
                .header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ListFiles.unXml())).build()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("the UN list did not load: " + status);
        }
    }

    /** Every item in order; neighbours of one batch endpoint go together (at most 500). */
    private int send(List<QualityPopulation.Item> items) {
        String token = stack.token(TENANT);
        long tokenAt = System.nanoTime();
        int calls = 0;
        List<Object> batch = new ArrayList<>();
        QualityPopulation.Item first = null;
        for (QualityPopulation.Item item : items) {
            if (first != null && (!item.batch() || !item.path().equals(first.path()) || batch.size() == 500)) {
                post(token, first, batch);
                calls++;
                batch.clear();
                first = null;
            }
            if (System.nanoTime() - tokenAt > Duration.ofMinutes(20).toNanos()) {
                token = stack.token(TENANT);
                tokenAt = System.nanoTime();
            }
            if (item.batch()) {
                first = first == null ? item : first;
                batch.add(item.body());
            } else {
                post(token, item, item.body());
                calls++;
            }
        }
        if (first != null) {
            post(token, first, batch);
            calls++;
        }
        return calls;
    }

    private void post(String token, QualityPopulation.Item item, Object body) {
        Api.Reply reply = Api.post(stack, item.module(), item.path(), token, body);
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException(item.module() + " " + item.path() + " answered " + reply.status() + ": "
                    + reply.body() + "\nfor " + (body instanceof List<?> l ? l.getFirst() : body));
        }
    }

    /** Reads every worker's assessment until two rounds ten seconds apart agree (at most ten minutes). */
    private List<Outcome> settle(List<QualityPopulation.Worker> workers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (PlatformTraffic.lag(stack) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
        }
        List<Outcome> previous = null;
        while (true) {
            List<Outcome> now = read(workers);
            if (now.equals(previous) || System.nanoTime() > deadline) {
                return now;
            }
            previous = now;
            Thread.sleep(10_000);
        }
    }

    private List<Outcome> read(List<QualityPopulation.Worker> workers) {
        String token = stack.token(TENANT);
        List<Outcome> outcomes = new ArrayList<>();
        for (QualityPopulation.Worker w : workers) {
            Api.Reply reply = Api.get(stack, "risk-aggregator", "/api/v1/workers/" + w.id() + "/assessment", token);
            if (reply.status() == 404) {
                outcomes.add(new Outcome(w, "CLEAR", Set.of(), Set.of()));
                continue;
            }
            if (reply.status() != 200) {
                throw new IllegalStateException("assessment of " + w.id() + ": " + reply.status() + " " + reply.body());
            }
            Set<String> codes = new TreeSet<>();
            Set<String> shown = new TreeSet<>();
            for (JsonNode flag : reply.body().path("flags")) {
                if (flag.path("active").asBoolean() && flag.path("counted").asBoolean()) {
                    codes.add(flag.path("code").asText());
                } else if (!flag.path("dismissed").asBoolean()) {
                    shown.add(flag.path("code").asText());
                }
            }
            outcomes.add(new Outcome(w, reply.body().path("tier").asText(), codes, shown));
        }
        return outcomes;
    }

    static Result measure(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder();
        List<String> failures = new ArrayList<>();
        List<Outcome> ordinary = outcomes.stream().filter(o -> !o.worker().dprk()).toList();
        List<Outcome> dprk = outcomes.stream().filter(o -> o.worker().dprk()).toList();

        out.append("| workers | n | CLEAR | MONITOR | ENHANCED_DUE_DILIGENCE | HIGH_RISK | CRITICAL |\n|---|---|---|---|---|---|---|\n");
        out.append(tiers("ordinary", ordinary)).append(tiers("DPRK pattern", dprk)).append('\n');

        double recall = share(dprk, EDD);
        double high = share(ordinary, HIGH);
        double edd = share(ordinary, EDD);
        out.append(String.format(Locale.ROOT, "Recall (DPRK pattern at ENHANCED_DUE_DILIGENCE or above): %.1f %% (goal ≥ 95 %%)%n", 100 * recall));
        out.append(String.format(Locale.ROOT, "Ordinary at HIGH_RISK or above: %.1f %% (goal ≤ 1 %%); at ENHANCED_DUE_DILIGENCE or above: %.1f %% (goal ≤ 5 %%)%n%n",
                100 * high, 100 * edd));
        if (recall < 0.95) {
            failures.add(String.format(Locale.ROOT, "recall %.3f < 0.95", recall));
        }
        if (high > 0.01) {
            failures.add(String.format(Locale.ROOT, "ordinary at HIGH_RISK+ %.3f > 0.01", high));
        }
        if (edd > 0.05) {
            failures.add(String.format(Locale.ROOT, "ordinary at EDD+ %.3f > 0.05", edd));
        }

        out.append("| pattern | n | at EDD or above | at HIGH_RISK or above | codes seen |\n|---|---|---|---|---|\n");
        groups(dprk, o -> o.worker().label()).forEach((label, group) -> out.append(row(label, group)));
        out.append("\n| ordinary case | n | at EDD or above | at HIGH_RISK or above | codes seen |\n|---|---|---|---|---|\n");
        groups(ordinary, o -> o.worker().label()).forEach((label, group) -> out.append(row(label, group)));

        out.append("\n| home region (ordinary) | n | at EDD or above | at HIGH_RISK or above | codes seen |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Outcome>> region : groups(ordinary, o -> o.worker().region().code()).entrySet()) {
            List<Outcome> group = region.getValue();
            out.append(row(region.getKey(), group));
            // twice the overall rate, and at least one worker more than the overall rate would give the group (a
            // group of fifteen cannot show a rate between 0 and 6.7 %)
            long flagged = group.stream().filter(o -> EDD.contains(o.tier())).count();
            double allowed = Math.max(2 * edd * group.size(), edd * group.size() + 1);
            if (flagged > allowed) {
                failures.add(region.getKey() + ": " + flagged + " of " + group.size() + " at EDD+, allowed " + allowed);
            }
        }

        out.append("\n| code | ordinary workers with it counted | share | ordinary workers shown it, not counted "
                + "| DPRK-pattern workers with it counted |\n|---|---|---|---|---|\n");
        Map<String, int[]> codes = new TreeMap<>();
        for (Outcome o : outcomes) {
            for (String code : o.codes()) {
                codes.computeIfAbsent(code, c -> new int[3])[o.worker().dprk() ? 1 : 0]++;
            }
            if (!o.worker().dprk()) {
                o.shown().forEach(code -> codes.computeIfAbsent(code, c -> new int[3])[2]++);
            }
        }
        codes.forEach((code, n) -> out.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% | %d | %d |%n", code, n[0],
                100.0 * n[0] / Math.max(1, ordinary.size()), n[2], n[1])));
        return new Result(outcomes, out.toString(), failures);
    }

    private static String tiers(String name, List<Outcome> group) {
        Map<String, Integer> count = new HashMap<>();
        group.forEach(o -> count.merge(o.tier(), 1, Integer::sum));
        return "| " + name + " | " + group.size() + " | " + String.join(" | ", List.of("CLEAR", "MONITOR",
                "ENHANCED_DUE_DILIGENCE", "HIGH_RISK", "CRITICAL").stream().map(t -> Integer.toString(count.getOrDefault(t, 0))).toList()) + " |\n";
    }

    private static String row(String label, List<Outcome> group) {
        Map<String, Integer> codes = new TreeMap<>();
        group.forEach(o -> o.codes().forEach(c -> codes.merge(c, 1, Integer::sum)));
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %s |%n", label, group.size(),
                group.stream().filter(o -> EDD.contains(o.tier())).count(),
                group.stream().filter(o -> HIGH.contains(o.tier())).count(), codes.isEmpty() ? "" : codes.toString());
    }

    private static double share(List<Outcome> group, Set<String> tiers) {
        return group.isEmpty() ? 0 : (double) group.stream().filter(o -> tiers.contains(o.tier())).count() / group.size();
    }

    private static Map<String, List<Outcome>> groups(List<Outcome> outcomes, java.util.function.Function<Outcome, String> key) {
        Map<String, List<Outcome>> groups = new LinkedHashMap<>();
        outcomes.forEach(o -> groups.computeIfAbsent(Objects.requireNonNull(key.apply(o)), k -> new ArrayList<>()).add(o));
        return new TreeMap<>(groups);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
