package dev.firebreak.aggregator.erasure;

import dev.firebreak.aggregator.assessment.RefreshQueue;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.kit.retention.Retention;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.firebreak.kit.retention.Retention.Kind.SIGNALS;

/**
 * What the risk-aggregator keeps for how long (docs/privacy.md): the evidence it received, and what it derived from it.
 * A link (who holds which identifier, holder counts, clusters) lives as long as an observation that supports it: when
 * retention deletes observations, the rows they alone supported go in the same transaction ({@link Links#prune}), and
 * the workers whose links or evidence changed are queued for a new assessment, so an expired signal or link stops
 * counting at once rather than at the worker's next signal.
 */
@ApplicationScoped
public class RetentionRules implements Retention.Rules {

    private final Links links;
    private final RefreshQueue queue;

    public RetentionRules(Links links, RefreshQueue queue) {
        this.links = links;
        this.queue = queue;
    }

    @Override
    public List<Retention.Rule> rules() {
        return List.of(
                new Retention.Rule(SIGNALS, "signal", "received_at", "tenant_id, worker_id, account_id, party_id",
                        this::signalsDeleted),
                new Retention.Rule(SIGNALS, "observation", "received_at", "tenant_id, worker_id, type, value",
                        this::observationsDeleted));
    }

    /** Rows: tenant, worker, account, party. Their workers are reassessed without them. */
    private void signalsDeleted(List<String[]> rows) {
        Map<String, Set<String>> workers = new TreeMap<>();
        Map<String, Set<String>> accounts = new TreeMap<>();
        Map<String, Set<String>> parties = new TreeMap<>();
        for (String[] r : rows) {
            if (r[1] != null) {
                workers.computeIfAbsent(r[0], t -> new TreeSet<>()).add(r[1]);
            } else if (r[2] != null) {
                accounts.computeIfAbsent(r[0], t -> new TreeSet<>()).add(r[2]);
            } else if (r[3] != null) {
                parties.computeIfAbsent(r[0], t -> new TreeSet<>()).add(r[3]);
            }
        }
        Set<String> tenants = new TreeSet<>(accounts.keySet());
        tenants.addAll(parties.keySet());
        for (String tenant : tenants) {
            links.ownersOf(tenant, accounts.getOrDefault(tenant, Set.of()), parties.getOrDefault(tenant, Set.of()))
                    .values().forEach(owners -> workers.computeIfAbsent(tenant, t -> new TreeSet<>()).addAll(owners));
        }
        queue.mark(workers);
    }

    /** Rows: tenant, worker, type, value. The links they alone supported go; the workers concerned are reassessed. */
    private void observationsDeleted(List<String[]> rows) {
        Map<String, Set<String>> owners = new TreeMap<>(); // workers who lost an account or party they were tied to
        Map<String, Set<List<String>>> identifiers = new TreeMap<>();
        for (String[] r : rows) {
            boolean owning = Links.PLATFORM_ACCOUNT.equals(r[2]) || Links.PAYMENT_PARTY.equals(r[2]);
            if (owning && r[1] != null) {
                owners.computeIfAbsent(r[0], t -> new TreeSet<>()).add(r[1]);
            } else if (Links.LINKING.contains(r[2])) {
                identifiers.computeIfAbsent(r[0], t -> new TreeSet<>(
                        (a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0))))
                        .add(List.of(r[2], r[3]));
            }
        }
        Set<String> tenants = new TreeSet<>(owners.keySet());
        tenants.addAll(identifiers.keySet());
        Map<String, Set<String>> touched = new TreeMap<>();
        for (String tenant : tenants) {
            Set<String> changed = links.prune(tenant, owners.getOrDefault(tenant, Set.of()),
                    new ArrayList<>(identifiers.getOrDefault(tenant, Set.of())));
            if (!changed.isEmpty()) {
                touched.put(tenant, changed);
            }
        }
        queue.mark(touched);
    }
}
