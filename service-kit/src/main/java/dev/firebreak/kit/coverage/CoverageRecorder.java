package dev.firebreak.kit.coverage;

import dev.firebreak.kit.persistence.SetQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what each tenant sends, per day, kind of input and field present, for the coverage answer. Counted in memory
 * on the ingest path (a map look-up and an add per field: no statement per input) and added to
 * {@code coverage_usage} every 10 s in one statement; several replicas add their own counts. A process killed between
 * two flushes loses at most those seconds of counts, and so does a stop (no flush at shutdown: a transaction begun
 * while Quarkus stops reads the configuration it has released, and the next start in the same JVM, a test's, failed
 * on it): coverage says which fields a tenant sends, not an audit count.
 */
@ApplicationScoped
public class CoverageRecorder {

    /** How far back the coverage answer looks. */
    public static final int WINDOW_DAYS = 30;
    private static final Logger LOG = Logger.getLogger(CoverageRecorder.class);

    record Key(String tenantId, LocalDate day, String kind, String field) {
    }

    private final EntityManager em;
    private final Clock clock;
    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();
    private volatile LocalDate pruned;

    public CoverageRecorder(EntityManager em) {
        this.em = em;
        this.clock = Clock.systemUTC();
    }

    /** One input of {@code kind} from the tenant, carrying {@code fields} (those the contract names; others ignored). */
    public void record(String tenantId, String kind, Collection<String> fields) {
        LocalDate day = LocalDate.now(clock);
        pending.computeIfAbsent(new Key(tenantId, day, kind, ""), k -> new LongAdder()).increment();
        for (String field : fields) {
            pending.computeIfAbsent(new Key(tenantId, day, kind, field), k -> new LongAdder()).increment();
        }
    }

    /** Adds {@code field} to the fields an input carries when its value is there (not null, not a blank text). */
    public static void ifPresent(Collection<String> present, String field, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            present.add(field);
        }
    }

    /** Counts not yet flushed, for the tenant (the coverage answer adds them, so it is current at once). */
    Map<Key, Long> unflushed(String tenantId) {
        Map<Key, Long> counts = new HashMap<>();
        pending.forEach((key, n) -> {
            if (key.tenantId().equals(tenantId)) {
                counts.put(key, n.sum());
            }
        });
        return counts;
    }

    /** Adds the counts to the table (one statement) and, once a day, deletes the days past the window. */
    @Scheduled(every = "${firebreak.coverage.flush-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public synchronized void flush() {
        List<Key> keys = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Key key : List.copyOf(pending.keySet())) {
            LongAdder adder = pending.remove(key);
            long n = adder == null ? 0 : adder.sumThenReset();
            if (n > 0) {
                keys.add(key);
                counts.add(n);
            }
        }
        try {
            if (!keys.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> SetQuery.update(em, """
                                insert into coverage_usage (tenant_id, day, kind, field, received)
                                select t, d, k, f, n from unnest(?::varchar[], ?::date[], ?::varchar[], ?::varchar[],
                                    ?::bigint[]) as u(t, d, k, f, n)
                                on conflict (tenant_id, day, kind, field)
                                do update set received = coverage_usage.received + excluded.received""",
                        keys.stream().map(Key::tenantId).toArray(String[]::new),
                        SetQuery.array("date", keys.stream().map(k -> java.sql.Date.valueOf(k.day())).toArray()),
                        keys.stream().map(Key::kind).toArray(String[]::new),
                        keys.stream().map(Key::field).toArray(String[]::new),
                        counts.toArray(Long[]::new)));
            }
            LocalDate today = LocalDate.now(clock);
            if (!today.equals(pruned)) {
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                                "delete from coverage_usage where day < ?1")
                        .setParameter(1, today.minusDays(WINDOW_DAYS + 1)).executeUpdate());
                pruned = today;
            }
        } catch (RuntimeException e) {
            // put the counts back: the next flush tries again
            for (int i = 0; i < keys.size(); i++) {
                pending.computeIfAbsent(keys.get(i), k -> new LongAdder()).add(counts.get(i));
            }
            LOG.warnf("coverage counts not written (%s); kept for the next flush", e.getClass().getSimpleName());
        }
    }

    static LocalDate since(Clock clock) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(WINDOW_DAYS - 1);
    }

    Clock clock() {
        return clock;
    }
}
