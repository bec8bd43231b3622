package dev.firebreak.kit.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A batch endpoint's work, all or nothing: every element handled in order in one transaction, so all are stored, or,
 * when one is refused, none is and the problem names the element ({@code [i].field}), as the events' and transfers'
 * batches do. Each element's handling is the single endpoint's own (its checks, idempotency and signals), joined to
 * the batch's transaction.
 */
@ApplicationScoped
public class Batches {

    /** The most elements a batch may hold. */
    public static final int MAX = 1000;

    @Transactional
    public <T, R> List<R> all(List<T> batch, Function<T, R> each) {
        List<R> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            try {
                results.add(each.apply(batch.get(i)));
            } catch (ProblemException e) {
                throw at(i, e);
            }
        }
        return results;
    }

    /** The element's problem, its fields prefixed with the element's index (the whole batch is refused). */
    static ProblemException at(int index, ProblemException e) {
        String element = "[" + index + "]";
        List<Map<String, String>> errors = e.errors().isEmpty()
                ? List.of(Map.of("field", element, "message", String.valueOf(e.getMessage())))
                : e.errors().stream().map(err -> Map.of("field", element + "." + err.get("field"),
                        "message", String.valueOf(err.get("message")))).toList();
        return new ProblemException(e.status(), e.title(), element + ": " + e.getMessage(), errors);
    }
}
