package dev.firebreak.aggregator.assessment;

import dev.firebreak.aggregator.review.Cases;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenant's worker list (the stored states), for a queue of work: filtered by tier, flag code, case status,
 * assignee, last review and worker id, highest score first, paged by a cursor ({@code after}: the last row's score and
 * id), so that page 2,000 of a tenant of 100,000 workers costs what page 1 does. Counts per tier come from the same
 * table in one index-only statement.
 */
@ApplicationScoped
public class WorkerList {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** What to list; every field optional. {@code review} is a review action or NONE (never reviewed). */
    public record Filter(Tier tier, String code, Cases.Status status, String assignee, String review, String q,
                         Instant changedSince) {
    }

    /** One row: the stored state, when its tier last changed, its case and its last review. */
    public record Row(String workerId, Tier tier, double score, List<String> codes, Instant asOf, Instant tierChangedAt,
                      Cases.Status caseStatus, String assignee, String lastReview) {
    }

    /** A page and the cursor of the next one (null: the last page). */
    public record Page(List<Row> rows, String next) {
    }

    /** Workers per tier, in all, and whose tier changed since the time asked about. */
    public record Counts(Map<Tier, Long> tiers, long total, Long changedSince) {
    }

    private final EntityManager em;

    public WorkerList(EntityManager em) {
        this.em = em;
    }

    public Page list(String tenantId, Filter filter, String after, int offset, int limit) {
        StringBuilder sql = new StringBuilder("""
                select a.worker_id, a.tier, a.score, a.codes, a.as_of, a.tier_changed_at, c.status, c.assignee, r.action
                from assessment_state a
                left join worker_case c on c.tenant_id = a.tenant_id and c.worker_id = a.worker_id
                left join lateral (select action from review v where v.tenant_id = a.tenant_id
                                     and v.worker_id = a.worker_id order by v.reviewed_at desc, v.id desc limit 1) r on true
                where a.tenant_id = ?""");
        List<Object> parameters = new ArrayList<>(List.of(tenantId));
        if (filter.tier() != null) {
            sql.append(" and a.tier = ?");
            parameters.add(filter.tier().name());
        }
        if (filter.code() != null) {
            sql.append(" and string_to_array(a.codes, ',') @> ?::text[]");
            parameters.add(SetQuery.array("text", new Object[] {filter.code()}));
        }
        if (filter.status() != null) {
            sql.append(" and coalesce(c.status, 'OPEN') = ?");
            parameters.add(filter.status().name());
        }
        if (filter.assignee() != null) {
            sql.append(" and c.assignee = ?");
            parameters.add(filter.assignee());
        }
        if (filter.review() != null) {
            sql.append("NONE".equals(filter.review()) ? " and r.action is null" : " and r.action = ?");
            if (!"NONE".equals(filter.review())) {
                parameters.add(filter.review());
            }
        }
        if (filter.q() != null) {
            sql.append(" and starts_with(a.worker_id, ?)");
            parameters.add(filter.q());
        }
        if (filter.changedSince() != null) {
            sql.append(" and a.tier_changed_at > ?");
            parameters.add(filter.changedSince());
        }
        if (after != null) {
            Cursor cursor = Cursor.read(after);
            sql.append(" and (a.score < ? or a.score = ? and a.worker_id > ?)");
            parameters.add(cursor.score());
            parameters.add(cursor.score());
            parameters.add(cursor.workerId());
        }
        sql.append(" order by a.score desc, a.worker_id limit ? offset ?");
        parameters.add(limit + 1);
        parameters.add(offset);
        List<Row> rows = new ArrayList<>();
        SetQuery.once(em, sql.toString(), r -> rows.add(new Row(r.getString(1), Tier.valueOf(r.getString(2)),
                r.getDouble(3), r.getString(4).isEmpty() ? List.of() : List.of(r.getString(4).split(",")),
                SetQuery.instant(r, "as_of"), SetQuery.instant(r, "tier_changed_at"),
                r.getString(7) == null ? Cases.Status.OPEN : Cases.Status.valueOf(r.getString(7)), r.getString(8),
                r.getString(9))), parameters.toArray());
        String next = null;
        if (rows.size() > limit) {
            rows.removeLast();
            Row last = rows.getLast();
            next = new Cursor(last.score(), last.workerId()).write();
        }
        return new Page(rows, next);
    }

    public Counts counts(String tenantId, Instant changedSince) {
        Map<Tier, Long> tiers = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            tiers.put(tier, 0L);
        }
        long[] changed = {0};
        SetQuery.once(em, """
                        select tier, count(*), count(*) filter (where tier_changed_at > ?) from assessment_state
                        where tenant_id = ? group by tier""",
                r -> {
                    tiers.put(Tier.valueOf(r.getString(1)), r.getLong(2));
                    changed[0] += r.getLong(3);
                }, changedSince == null ? Instant.parse("9999-12-31T00:00:00Z") : changedSince, tenantId);
        long total = tiers.values().stream().mapToLong(Long::longValue).sum();
        return new Counts(tiers, total, changedSince == null ? null : changed[0]);
    }

    /** The position after a row: its score and worker id, opaque to clients (base64url). */
    record Cursor(double score, String workerId) {

        String write() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (score + "|" + workerId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor read(String text) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                double score = Double.parseDouble(decoded.substring(0, bar));
                String worker = decoded.substring(bar + 1);
                if (worker.isEmpty() || !Double.isFinite(score)) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(score, worker);
            } catch (RuntimeException e) {
                throw ProblemException.invalidField("after", "not a cursor this API gave (the next link of a page)");
            }
        }
    }
}
