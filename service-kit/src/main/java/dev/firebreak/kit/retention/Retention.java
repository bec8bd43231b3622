package dev.firebreak.kit.retention;

import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.kit.tenancy.TenantSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The daily retention job of every service (issue 29): each of the service's {@link Rule}s deletes the rows received
 * longer ago than the tenant's period of their kind, in chunks of {@link RetentionSettings#chunk()} rows, each chunk in a
 * transaction of its own (a long delete would hold locks and bloat one transaction; a killed job resumes the next
 * day where it stopped). Tenants with a period of their own are done one by one, the others together with the
 * deployment's. The time columns are BRIN-indexed: the rows arrive in time order, so the index is tiny and costs the
 * inserts next to nothing.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /** The kinds of raw data, each with its period. */
    public enum Kind {
        PLATFORM_EVENTS(RetentionSettings::platformEvents),
        TRANSFERS(RetentionSettings::transfers),
        DOCUMENTS(RetentionSettings::documents),
        PROFILES(RetentionSettings::profiles),
        SIGNALS(RetentionSettings::signals);

        private final Function<RetentionSettings, Duration> period;

        Kind(Function<RetentionSettings, Duration> period) {
            this.period = period;
        }

        public Duration period(RetentionSettings settings) {
            return period.apply(settings);
        }
    }

    /**
     * One table's retention: its rows of a kind, by the time they were received. {@code table}, {@code timeColumn}
     * and {@code returning} are the service's own names, never input.
     *
     * <p>A table other data is derived from (the aggregator's links from its observations) names the columns the
     * delete returns and what then goes with the deleted rows: {@code after} runs in each chunk's transaction, with
     * that chunk's returned rows, so the derived data never outlives its source, even if the job is killed.
     */
    public record Rule(Kind kind, String table, String timeColumn, String returning, AfterDelete after) {
        public Rule(Kind kind, String table, String timeColumn) {
            this(kind, table, timeColumn, null, null);
        }
    }

    /** What goes with a chunk of deleted rows (their {@link Rule#returning} columns, as text). */
    @FunctionalInterface
    public interface AfterDelete {
        void deleted(List<String[]> rows);
    }

    /** A service's tables under retention. */
    public interface Rules {
        List<Rule> rules();
    }

    private final EntityManager em;
    private final RetentionSettings settings;
    private final TenantSettings tenants;
    private final Instance<Rules> rules;
    private final MeterRegistry metrics;

    public Retention(EntityManager em, RetentionSettings settings, TenantSettings tenants, Instance<Rules> rules,
                     MeterRegistry metrics) {
        this.em = em;
        this.settings = settings;
        this.tenants = tenants;
        this.rules = rules;
        this.metrics = metrics;
    }

    @Scheduled(cron = "${firebreak.retention.cron:0 17 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void daily() {
        Map<String, Integer> deleted = run(Instant.now());
        LOG.infof("retention: deleted %s", deleted);
    }

    /** Deletes what is past its period at {@code now}; rows deleted by table. */
    public Map<String, Integer> run(Instant now) {
        Map<String, Integer> deleted = new TreeMap<>();
        for (Rules service : rules) {
            for (Rule rule : service.rules()) {
                deleted.merge(rule.table(), apply(rule, now), Integer::sum);
            }
        }
        return deleted;
    }

    private int apply(Rule rule, Instant now) {
        Duration deployment = rule.kind().period(settings);
        Map<String, Duration> own = new LinkedHashMap<>();
        for (String tenant : tenants.tenants()) {
            Duration period = rule.kind().period(tenants.of(RetentionSettings.class, tenant));
            if (!period.equals(deployment)) {
                own.put(tenant, period);
            }
        }
        int deleted = 0;
        for (Map.Entry<String, Duration> tenant : own.entrySet()) {
            deleted += chunks(rule, "tenant_id = ?", tenant.getKey(), now.minus(tenant.getValue()));
        }
        deleted += chunks(rule, "tenant_id <> all(?::varchar[])", own.keySet().toArray(String[]::new),
                now.minus(deployment));
        metrics.counter("firebreak.retention.deleted", "table", rule.table()).increment(deleted);
        return deleted;
    }

    private int chunks(Rule rule, String tenantCondition, Object tenant, Instant cutoff) {
        String sql = "delete from " + rule.table() + " where ctid = any(array(select ctid from " + rule.table()
                + " where " + rule.timeColumn() + " < ? and " + tenantCondition + " limit ?))"
                + (rule.after() == null ? "" : " returning " + rule.returning());
        int total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(() -> {
                if (rule.after() == null) {
                    return SetQuery.update(em, sql, cutoff, tenant, settings.chunk());
                }
                List<String[]> rows = new ArrayList<>();
                SetQuery.once(em, sql, row -> {
                    String[] columns = new String[row.getMetaData().getColumnCount()];
                    for (int i = 0; i < columns.length; i++) {
                        columns[i] = row.getString(i + 1);
                    }
                    rows.add(columns);
                }, cutoff, tenant, settings.chunk());
                if (!rows.isEmpty()) {
                    rule.after().deleted(rows);
                }
                return rows.size();
            });
            total += n;
            if (n < settings.chunk()) {
                return total;
            }
        }
    }

}
