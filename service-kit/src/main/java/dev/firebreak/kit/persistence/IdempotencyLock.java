package dev.firebreak.kit.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Serialises the requests that would create the same row: a transaction-scoped PostgreSQL advisory lock on the
 * request's natural key, taken before looking the row up. Two identical first POSTs racing each other then give one
 * 201 (the first stores the row and commits) and a 200 (the second, let in after that commit, finds it), rather than
 * a unique-constraint failure. Requests for other keys never wait. The key is hashed to PostgreSQL's 64-bit lock space
 * with {@code hashtextextended}; a collision only makes two unrelated requests wait for each other.
 */
@ApplicationScoped
public class IdempotencyLock {

    private final EntityManager em;

    public IdempotencyLock(EntityManager em) {
        this.em = em;
    }

    /** Waits until no other transaction holds the same {@code kind} and key, and holds it until this one ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String kind, String... key) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, kind + "\u001f" + String.join("\u001f", key)).getSingleResult();
    }
}
