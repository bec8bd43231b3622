package dev.firebreak.aggregator.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** An observation ("subject used identifier at time"), stored once per {@code observationId}. */
@Entity
@Table(name = "observation")
public class StoredObservation extends SubjectEvidence {

    @Id
    @Column(name = "observation_id")
    public UUID observationId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String value;

    public static boolean knowsWorker(String tenantId, String workerId) {
        return count("tenantId = ?1 and workerId = ?2", tenantId, workerId) > 0;
    }

    /**
     * The worker's observations of these types up to {@code asOf}: its own and those of the platform accounts and
     * payment parties tied to it, oldest first.
     */
    public static List<StoredObservation> factsFor(String tenantId, String workerId, Collection<String> types,
                                                   Instant asOf) {
        return list("""
                tenantId = ?1 and type in ?3 and observedAt <= ?4 and (workerId = ?2
                  or partyId in (select o.value from StoredObservation o where o.tenantId = ?1 and o.workerId = ?2
                                 and o.type = 'PAYMENT_PARTY')
                  or accountId in (select o.value from StoredObservation o where o.tenantId = ?1 and o.workerId = ?2
                                   and o.type = 'PLATFORM_ACCOUNT'))
                order by observedAt, observationId""", tenantId, workerId, types, asOf);
    }
}
