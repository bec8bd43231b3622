package dev.firebreak.payments.transfer;

import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The transfer graph's queries. Its truth is the {@code transfer} table in PostgreSQL, so every replica agrees;
 * each query starts from one new transfer and walks at most a few hops, in a time window, through the indexed
 * payer/payee columns: the cost follows the transfer's neighbourhood, not the history. (JGraphT would need the
 * graph in memory first; bounded recursive SQL from the new edge needs nothing but the indexes.)
 */
@ApplicationScoped
public class TransferGraph {

    /**
     * The most paths a walk visits. PostgreSQL evaluates a recursive query only as far as its reader fetches, so the
     * limit stops the walk itself: a hub party paid by thousands within the window would otherwise make the walk
     * grow with the fan-out to the power of the depth. The walk is breadth-first, so what the cap drops is the longest
     * paths of such a hub (and, for a batch's walk, which is one query, those of the batch's other transfers: the cap
     * is this many rows per transfer of the batch, up to {@link #MAX_WALK_ROWS_PER_BATCH}).
     */
    static final int MAX_WALK_ROWS = 5_000;
    static final int MAX_WALK_ROWS_PER_BATCH = 1_000_000;

    private final EntityManager em;

    public TransferGraph(EntityManager em) {
        this.em = em;
    }

    /** A path of parties and the transfers between them, in payment order. */
    public record Path(List<String> parties, List<String> transfers) {
    }

    /** A new transfer's edge, for {@link #cyclesClosedByAll}. */
    public record Edge(String payer, String payee, Instant at) {
    }

    /**
     * Cycles closed by each new transfer {@code payer → payee} of a batch, in one recursive query (one statement
     * instead of one per transfer; the result is indexed like {@code edges}): paths from the payee back to the payer
     * of at most {@code maxLength - 1} transfers within {@code window} either side of the transfer's time (either
     * side, so that a transfer arriving after the ones that follow it in event time still closes its cycle). A path
     * of one transfer is a reciprocal payment. At most 10 per transfer, shortest first.
     */
    public List<List<Path>> cyclesClosedByAll(String tenantId, List<Edge> edges, Duration window, int maxLength) {
        List<List<Path>> cycles = new ArrayList<>();
        edges.forEach(e -> cycles.add(new ArrayList<>()));
        if (edges.isEmpty()) {
            return cycles;
        }
        String[] payers = new String[edges.size()];
        String[] payees = new String[edges.size()];
        String[] from = new String[edges.size()];
        String[] to = new String[edges.size()];
        for (int i = 0; i < edges.size(); i++) {
            payers[i] = edges.get(i).payer();
            payees[i] = edges.get(i).payee();
            from[i] = edges.get(i).at().minus(window).toString();
            to[i] = edges.get(i).at().plus(window).toString();
        }
        SetQuery.once(em, """
                with recursive edge(idx, payer, payee, lo, hi) as (
                    select (ord - 1)::int, payer, payee, lo::timestamptz, hi::timestamptz
                    from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as e(payer, payee, lo, hi, ord)
                ), walk(idx, origin, node, parties, transfers, depth, lo, hi) as (
                    select e.idx, e.payer, t.payee_party, array[t.payer_party, t.payee_party]::varchar[],
                           array[t.transfer_id]::varchar[], 1, e.lo, e.hi
                    from edge e join transfer t on t.tenant_id = ? and t.payer_party = e.payee
                         and t.occurred_at between e.lo and e.hi
                  union all
                    select w.idx, w.origin, t.payee_party, array_append(w.parties, t.payee_party),
                           array_append(w.transfers, t.transfer_id), w.depth + 1, w.lo, w.hi
                    from walk w join transfer t on t.tenant_id = ? and t.payer_party = w.node
                    where w.depth < ? and w.node <> w.origin and t.occurred_at between w.lo and w.hi
                      and (t.payee_party = w.origin or not t.payee_party = any(w.parties))
                )
                select idx, parties, transfers from (
                    select idx, array_to_string(parties, chr(31)) parties, array_to_string(transfers, chr(31)) transfers,
                           row_number() over (partition by idx order by depth, transfers) n
                    from (select * from walk limit ?) bounded where node = origin) found
                where n <= 10 order by idx, n""",
                row -> cycles.get(row.getInt(1)).add(new Path(List.of(row.getString(2).split("\u001f")),
                        List.of(row.getString(3).split("\u001f")))),
                SetQuery.array("text", payers), SetQuery.array("text", payees), SetQuery.array("text", from),
                SetQuery.array("text", to), tenantId, tenantId, maxLength - 1,
                (int) Math.min(MAX_WALK_ROWS_PER_BATCH, (long) MAX_WALK_ROWS * edges.size()));
        return cycles;
    }

    /**
     * Paths of at most {@code maxTransfers} transfers into {@code payer} that begin with a payment by a CLIENT
     * party, each transfer no later than the next and all within {@code window} before {@code at}, in payment order
     * (client first, {@code payer} last).
     */
    public List<Path> clientPathsInto(String tenantId, String payer, Instant at, Duration window, int maxTransfers) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        with recursive back(node, node_kind, before, parties, transfers, depth) as (
                            select t.payer_party, t.payer_kind, t.occurred_at, array[t.payer_party, t.payee_party]::varchar[],
                                   array[t.transfer_id]::varchar[], 1
                            from transfer t
                            where t.tenant_id = ?1 and t.payee_party = ?2 and t.occurred_at between ?3 and ?4
                          union all
                            select t.payer_party, t.payer_kind, t.occurred_at, array_prepend(t.payer_party, b.parties),
                                   array_prepend(t.transfer_id, b.transfers), b.depth + 1
                            from back b join transfer t on t.tenant_id = ?1 and t.payee_party = b.node
                            where b.depth < ?5 and b.node_kind <> 'CLIENT' and t.occurred_at between ?3 and b.before
                              and not t.payer_party = any(b.parties)
                        )
                        select array_to_string(parties, chr(31)), array_to_string(transfers, chr(31))
                        from (select * from back limit ?6) bounded
                        where node_kind = 'CLIENT' order by depth limit 10""")
                .setParameter(1, tenantId).setParameter(2, payer).setParameter(3, at.minus(window)).setParameter(4, at)
                .setParameter(5, maxTransfers).setParameter(6, MAX_WALK_ROWS).getResultList();
        return paths(rows);
    }

    /** Distinct payers into {@code party} within the window, other than {@code except}. */
    public List<String> payersInto(String tenantId, String party, Instant at, Duration window, String except) {
        @SuppressWarnings("unchecked")
        List<String> payers = em.createNativeQuery("""
                        select distinct payer_party from transfer where tenant_id = ?1 and payee_party = ?2
                        and occurred_at between ?3 and ?4 and payer_party <> ?5
                        and payer_party not in (select payee_party from transfer where tenant_id = ?1 and payer_party = ?2
                                                and occurred_at between ?3 and ?4)
                        order by payer_party""")
                .setParameter(1, tenantId).setParameter(2, party).setParameter(3, at.minus(window)).setParameter(4, at)
                .setParameter(5, except).getResultList();
        return payers;
    }

    /** Distinct individuals in the given countries that {@code party} paid within the window. */
    public List<String> individualsPaidIn(String tenantId, String party, Instant at, Duration window, List<String> countries) {
        if (countries.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<String> payees = em.createNativeQuery("""
                        select distinct payee_party from transfer where tenant_id = ?1 and payer_party = ?2
                        and occurred_at between ?3 and ?4 and payee_kind in ('WORKER', 'EMI_CUSTOMER', 'INDIVIDUAL')
                        and payee_country in (?5) order by payee_party""")
                .setParameter(1, tenantId).setParameter(2, party).setParameter(3, at.minus(window)).setParameter(4, at)
                .setParameter(5, countries).getResultList();
        return payees;
    }

    private static List<Path> paths(List<Object[]> rows) {
        List<Path> out = new ArrayList<>();
        for (Object[] row : rows) {
            out.add(new Path(List.of(((String) row[0]).split("\u001f")), List.of(((String) row[1]).split("\u001f"))));
        }
        return out;
    }
}
