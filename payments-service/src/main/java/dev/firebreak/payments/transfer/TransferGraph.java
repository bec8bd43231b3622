package dev.firebreak.payments.transfer;

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

    private final EntityManager em;

    public TransferGraph(EntityManager em) {
        this.em = em;
    }

    /** A path of parties and the transfers between them, in payment order. */
    public record Path(List<String> parties, List<String> transfers) {
    }

    /**
     * Cycles closed by the transfer {@code payer → payee} at {@code at}: paths from the payee back to the payer of at
     * most {@code maxLength - 1} transfers within {@code window} either side of {@code at} (either side, so that a
     * transfer arriving after the ones that follow it in event time still closes its cycle). A path of one transfer
     * is a reciprocal payment.
     */
    public List<Path> cyclesClosedBy(String tenantId, String payer, String payee, Instant at, Duration window,
                                     int maxLength) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        with recursive walk(node, parties, transfers, depth) as (
                            select t.payee_party, array[t.payer_party, t.payee_party]::varchar[], array[t.transfer_id]::varchar[], 1
                            from transfer t
                            where t.tenant_id = ?1 and t.payer_party = ?3 and t.occurred_at between ?4 and ?5
                          union all
                            select t.payee_party, array_append(w.parties, t.payee_party), array_append(w.transfers, t.transfer_id),
                                   w.depth + 1
                            from walk w join transfer t on t.tenant_id = ?1 and t.payer_party = w.node
                            where w.depth < ?6 and w.node <> ?2 and t.occurred_at between ?4 and ?5
                              and (t.payee_party = ?2 or not t.payee_party = any(w.parties))
                        )
                        select array_to_string(parties, chr(31)), array_to_string(transfers, chr(31)) from walk
                        where node = ?2 order by depth limit 10""")
                .setParameter(1, tenantId).setParameter(2, payer).setParameter(3, payee)
                .setParameter(4, at.minus(window)).setParameter(5, at.plus(window)).setParameter(6, maxLength - 1)
                .getResultList();
        return paths(rows);
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
                        select array_to_string(parties, chr(31)), array_to_string(transfers, chr(31)) from back
                        where node_kind = 'CLIENT' order by depth limit 10""")
                .setParameter(1, tenantId).setParameter(2, payer).setParameter(3, at.minus(window)).setParameter(4, at)
                .setParameter(5, maxTransfers).getResultList();
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
