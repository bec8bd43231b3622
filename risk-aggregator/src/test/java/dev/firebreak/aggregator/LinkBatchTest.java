package dev.firebreak.aggregator;

import dev.firebreak.aggregator.evidence.EvidenceStore;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.localstack.testing.LocalInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The link graph taken a consumer batch at a time is the one taken an observation at a time, and both are the
 * connected components of "shares an identifier that is not common": the same observations, in a random order and
 * random batches, give the same identifiers, the same clusters, and exactly the clusters computed from scratch here
 * (with JGraphT). The population makes a payment account cross the common threshold (20) within and across batches,
 * shares IPs (weak: they never link), ties accounts and parties to workers before and after their identifiers arrive,
 * and refers workers by account.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class LinkBatchTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    @Inject
    EntityManager em;

    @Inject
    EvidenceStore store;

    @Inject
    Links links;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void batchesGiveTheClustersOneAtATimeGivesAndBothAreTheComponentsOfTheNonCommonLinks(long seed) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String single = "tenant-lb1-" + run;
        String batched = "tenant-lbn-" + run;
        List<Obs> population = population(new Random(seed));

        for (Obs o : population) {
            take(single, List.of(o));
        }
        List<Obs> shuffled = new ArrayList<>(population);
        Random random = new Random(seed * 31);
        Collections.shuffle(shuffled, random);
        for (int from = 0; from < shuffled.size(); ) {
            int to = Math.min(shuffled.size(), from + 1 + random.nextInt(60));
            take(batched, shuffled.subList(from, to));
            from = to;
        }

        Set<List<String>> identifiers = identifiers(single);
        assertEquals(identifiers, identifiers(batched), "the same (worker, identifier) pairs, first seen the same");
        Set<Set<String>> expected = components(identifiers);
        assertTrue(expected.size() >= 3, "the population forms several clusters: " + expected);
        assertTrue(identifiers.stream().filter(i -> i.get(0).equals("PAYMENT_ACCOUNT")).map(i -> i.get(1)).distinct()
                .anyMatch(a -> identifiers.stream().filter(i -> i.get(1).equals(a)).count() > 20),
                "some payment account became common");
        assertTrue(identifiers.stream().filter(i -> i.get(0).equals("IP")).count() > 20, "IPs are held, never linking");
        assertEquals(expected, clusters(single), "one at a time");
        assertEquals(expected, clusters(batched), "in batches");
        assertEquals(holderCounts(identifiers), holders(single), "holder counts, one at a time");
        assertEquals(holderCounts(identifiers), holders(batched), "holder counts, in batches");
    }

    /**
     * Issue 30: the common threshold follows the tenant's size. A payment account held by 15 workers of a small tenant
     * (2 % of its workers is below the floor of 10) is common and links nobody; as the tenant grows past 750 workers
     * the threshold rises to 15 and the account links its holders, with no new holder; erasures that shrink the tenant
     * again make it common, and the cluster splits.
     */
    @org.junit.jupiter.api.Test
    void theCommonThresholdFollowsTheTenantsSize() {
        String tenant = "tenant-lbs-" + UUID.randomUUID().toString().substring(0, 8);
        List<Obs> payroll = new ArrayList<>();
        for (int w = 0; w < 15; w++) {
            payroll.add(new Obs("h" + w, null, null, "PAYMENT_ACCOUNT", "v1:payroll", "payments-service", T));
        }
        take(tenant, payroll);
        assertEquals(Set.of(), clusters(tenant), "15 of 15 workers: common");
        for (int from = 0; from < 740; from += 100) { // 755 workers: threshold 15
            List<Obs> batch = new ArrayList<>();
            for (int w = from; w < Math.min(740, from + 100); w++) {
                batch.add(new Obs("o" + w, null, null, "DEVICE", "v1:own-" + w, "platform-signals-service", T));
            }
            take(tenant, batch);
        }
        Set<String> holders = new TreeSet<>();
        payroll.forEach(o -> holders.add(o.worker()));
        assertEquals(Set.of(holders), clusters(tenant), "755 workers: 15 holders link");
        QuarkusTransaction.requiringNew().run(() -> {
            for (int w = 0; w < 10; w++) {
                links.erase(tenant, "o" + w);
            }
        });
        assertEquals(Set.of(), clusters(tenant), "745 workers: threshold 14, common again");
    }

    /** (type, value) → how many workers hold it, from the pairs. */
    private static Map<List<String>, Long> holderCounts(Set<List<String>> identifiers) {
        Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing(Object::toString));
        identifiers.forEach(i -> counts.merge(List.of(i.get(0), i.get(1)), 1L, Long::sum));
        return counts;
    }

    /** (type, value) → the stored holder count (what the links read compares with the thresholds). */
    private Map<List<String>, Long> holders(String tenant) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select type, value, holders from identifier_holders where tenant_id = ?1")
                .setParameter(1, tenant).getResultList();
        Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing(Object::toString));
        rows.forEach(r -> counts.put(List.of((String) r[0], (String) r[1]), ((Number) r[2]).longValue()));
        return counts;
    }

    private record Obs(String worker, String account, String party, String type, String value, String source,
                       Instant at) {
    }

    /** Workers, their accounts and parties, devices shared by a few, a payroll account and IPs shared by many, referrals. */
    private static List<Obs> population(Random random) {
        List<Obs> all = new ArrayList<>();
        String[] sources = {"platform-signals-service", "payments-service", "identity-service"};
        for (int a = 0; a < 20; a++) {
            all.add(new Obs("w" + random.nextInt(150), null, null, "PLATFORM_ACCOUNT", "a" + a, sources[0], at(random)));
        }
        for (int p = 0; p < 8; p++) {
            all.add(new Obs("w" + random.nextInt(150), null, null, "PAYMENT_PARTY", "p" + p, sources[1], at(random)));
        }
        for (int i = 0; i < 300; i++) {
            int subject = random.nextInt(10);
            String worker = subject < 6 ? "w" + random.nextInt(150) : null;
            String account = subject >= 6 && subject < 9 ? "a" + random.nextInt(24) : null; // a20..23: nobody's
            String party = subject == 9 ? "p" + random.nextInt(8) : null;
            int kind = random.nextInt(10);
            String type = kind < 3 ? "DEVICE" : kind < 6 ? "IP" : kind < 8 ? "PAYMENT_ACCOUNT" : kind < 9 ? "REFERRAL" : "EMAIL";
            String value = switch (type) {
                case "DEVICE" -> "v1:dev-" + random.nextInt(150);
                case "IP" -> "ip-" + random.nextInt(12);
                case "PAYMENT_ACCOUNT" -> "v1:pay-" + (random.nextInt(3) > 0 ? 0 : 1 + random.nextInt(40));
                case "REFERRAL" -> "a" + random.nextInt(20);
                default -> "v1:mail-" + random.nextInt(100);
            };
            if (type.equals("REFERRAL") && worker == null) {
                worker = "w" + random.nextInt(150);
                account = null;
                party = null;
            }
            all.add(new Obs(worker, account, party, type, value, sources[random.nextInt(3)], at(random)));
        }
        // the same sighting twice (a replay) changes nothing
        all.add(all.get(random.nextInt(all.size())));
        return all;
    }

    private static Instant at(Random random) {
        return T.plusSeconds(random.nextInt(86_400));
    }

    /** Stores the observations and takes the new ones into the link graph, as the consumer does with a poll. */
    private void take(String tenant, List<Obs> batch) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<StoredObservation> rows = new ArrayList<>();
            for (Obs o : batch) {
                StoredObservation row = new StoredObservation();
                row.observationId = UUID.nameUUIDFromBytes((tenant + o).getBytes(StandardCharsets.UTF_8));
                row.tenantId = tenant;
                row.workerId = o.worker();
                row.accountId = o.account();
                row.partyId = o.party();
                row.type = o.type();
                row.value = o.value();
                row.source = o.source();
                row.observedAt = o.at();
                row.receivedAt = Instant.now();
                rows.add(row);
            }
            List<Links.Seen> seen = new ArrayList<>();
            for (StoredObservation r : store.storeObservations(rows)) {
                seen.add(new Links.Seen(tenant, r.workerId, r.accountId, r.partyId, r.type, r.value, r.source,
                        r.observedAt));
            }
            links.onObservations(tenant, seen);
        });
    }

    /** (type, value, worker, source, first seen) of every identifier held. */
    private Set<List<String>> identifiers(String tenant) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select type, value, worker_id, source, first_seen::text"
                + " from worker_identifier where tenant_id = ?1").setParameter(1, tenant).getResultList();
        Set<List<String>> out = new HashSet<>();
        rows.forEach(r -> out.add(List.of((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4])));
        assertFalse(out.isEmpty());
        return out;
    }

    private Set<Set<String>> clusters(String tenant) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select cluster_id, worker_id from worker_cluster where tenant_id = ?1")
                .setParameter(1, tenant).getResultList();
        Map<String, Set<String>> byCluster = new TreeMap<>();
        rows.forEach(r -> byCluster.computeIfAbsent((String) r[0], c -> new TreeSet<>()).add((String) r[1]));
        return new HashSet<>(byCluster.values());
    }

    /**
     * From scratch: holders of an identifier held by 2 … the tenant's threshold workers (20; 2 % of a small tenant's
     * workers, down to 10) are linked; a weak one (IP, address) never links.
     */
    private static Set<Set<String>> components(Set<List<String>> identifiers) {
        int tenantWorkers = (int) identifiers.stream().map(i -> i.get(2)).distinct().count();
        int tenantThreshold = Links.threshold(tenantWorkers, 20, 0.02, 10);
        Map<List<String>, Set<String>> holders = new TreeMap<>(Comparator.comparing(Object::toString));
        identifiers.forEach(i -> holders.computeIfAbsent(List.of(i.get(0), i.get(1)), k -> new TreeSet<>()).add(i.get(2)));
        Graph<String, DefaultEdge> graph = new SimpleGraph<>(DefaultEdge.class);
        holders.forEach((identifier, workers) -> {
            int threshold = Links.WEAK.contains(identifier.get(0)) ? 0 : tenantThreshold;
            if (workers.size() >= 2 && workers.size() <= threshold) {
                String first = workers.iterator().next();
                workers.forEach(graph::addVertex);
                workers.forEach(w -> {
                    if (!w.equals(first)) {
                        graph.addEdge(first, w);
                    }
                });
            }
        });
        Set<Set<String>> out = new HashSet<>();
        new ConnectivityInspector<>(graph).connectedSets().forEach(c -> out.add(new TreeSet<>(c)));
        return out;
    }
}
