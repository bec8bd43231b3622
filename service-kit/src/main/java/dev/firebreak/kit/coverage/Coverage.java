package dev.firebreak.kit.coverage;

import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The coverage answer: from what a tenant actually sent in the last {@link CoverageRecorder#WINDOW_DAYS} days, how many
 * of each kind of input and of each field, which detectors its data can feed and which cannot (with what they would
 * need), and which inputs and fields it never sends.
 */
@ApplicationScoped
public class Coverage {

    public record FieldCount(String name, boolean required, long received, List<String> feeds, String description) {
    }

    public record InputCount(String kind, String description, long received, List<String> feeds,
                             List<FieldCount> fields) {
    }

    /**
     * A detector: fed when some input or field that feeds it arrived in the window; {@code by} names those that did,
     * {@code needs} (when not fed) what would.
     */
    public record Detector(String code, boolean fed, List<String> by, List<String> needs) {
    }

    public record Report(String service, String tenantId, LocalDate from, LocalDate to, List<InputCount> inputs,
                         List<Detector> detectors, List<String> neverSent) {
    }

    private final EntityManager em;
    private final CoverageRecorder recorder;

    public Coverage(EntityManager em, CoverageRecorder recorder) {
        this.em = em;
        this.recorder = recorder;
    }

    @Transactional
    public Report report(String service, String tenantId, CoverageContract contract) {
        LocalDate from = CoverageRecorder.since(recorder.clock());
        LocalDate to = from.plusDays(CoverageRecorder.WINDOW_DAYS - 1);
        Map<String, Long> counts = new HashMap<>();
        SetQuery.once(em, """
                        select kind, field, sum(received) from coverage_usage where tenant_id = ? and day >= ?
                        group by kind, field""",
                row -> counts.put(row.getString(1) + "\u0000" + row.getString(2), row.getLong(3)), tenantId,
                java.sql.Date.valueOf(from));
        recorder.unflushed(tenantId).forEach((key, n) -> {
            if (!key.day().isBefore(from)) {
                counts.merge(key.kind() + "\u0000" + key.field(), n, Long::sum);
            }
        });
        List<InputCount> inputs = new ArrayList<>();
        List<String> neverSent = new ArrayList<>();
        Map<String, Set<String>> fedBy = new TreeMap<>();
        Map<String, Set<String>> needs = new TreeMap<>();
        for (CoverageContract.Input input : contract.inputs()) {
            long received = counts.getOrDefault(input.kind() + "\u0000", 0L);
            if (received == 0) {
                neverSent.add(input.kind());
            }
            for (String code : input.feeds()) {
                (received > 0 ? fedBy : needs).computeIfAbsent(code, c -> new LinkedHashSet<>()).add(input.kind());
            }
            List<FieldCount> fields = new ArrayList<>();
            for (CoverageContract.Field field : input.fields()) {
                long n = counts.getOrDefault(input.kind() + "\u0000" + field.name(), 0L);
                fields.add(new FieldCount(field.name(), field.required(), n, field.feeds(), field.description()));
                String name = input.kind() + "." + field.name();
                if (received > 0 && n == 0) {
                    neverSent.add(name);
                }
                for (String code : field.feeds()) {
                    (n > 0 ? fedBy : needs).computeIfAbsent(code, c -> new LinkedHashSet<>()).add(name);
                }
            }
            inputs.add(new InputCount(input.kind(), input.description(), received, input.feeds(), fields));
        }
        Set<String> codes = new java.util.TreeSet<>(fedBy.keySet());
        codes.addAll(needs.keySet());
        List<Detector> detectors = new ArrayList<>();
        for (String code : codes) {
            boolean fed = fedBy.containsKey(code);
            detectors.add(new Detector(code, fed, List.copyOf(fedBy.getOrDefault(code, Set.of())),
                    fed ? List.of() : List.copyOf(needs.getOrDefault(code, Set.of()))));
        }
        return new Report(service, tenantId, from, to, inputs, detectors, neverSent);
    }
}
