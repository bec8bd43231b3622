package dev.firebreak.kit.erasure;

import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.kit.persistence.SetQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The suppression records of erased workers (and of the accounts and parties erased with them): keyed hashes of tenant,
 * kind and id, kept for good in {@code erased_subject}. A service asks {@link #isErased} wherever data about a worker
 * enters (REST ingest, consumers, re-screening, replays) and drops or refuses what concerns an erased subject.
 *
 * <p>The hash is the deployment's identifier HMAC over a domain-separated string, so every service computes the same
 * value as the aggregator puts on {@code worker.erasures} and none can reverse it. Look-ups on hot paths read an
 * in-memory copy of the hashes (erasures are rare; each is one short string), loaded before the first look-up and
 * brought up to date every {@link #RELOAD} by a scheduled job, never on the caller's thread after the first; an
 * erasure recorded by this process is in the copy at once.
 *
 * <p>The scheduled job reads only what was recorded since its last read, less {@link #OVERLAP} (a transaction that
 * committed late, a replica whose clock is a little behind), and the whole table every {@link #FULL_RELOAD}, which
 * covers anything the overlap missed. Records are never deleted, so the copy only grows.
 */
@ApplicationScoped
public class ErasedSubjects {

    /** How stale the in-memory copy may be for an erasure recorded by another replica. */
    public static final Duration RELOAD = Duration.ofSeconds(5);
    /** How far back each incremental read reaches before the last one. */
    static final Duration OVERLAP = Duration.ofMinutes(2);
    /** How often the whole table is read again. */
    static final Duration FULL_RELOAD = Duration.ofHours(1);

    /** What is erased: the worker itself, or an account or a payment party only that worker held. */
    public enum Kind { WORKER, ACCOUNT, PARTY }

    private final EntityManager em;
    private final IdentifierHasher hasher;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;
    private volatile Instant readSince;
    private volatile Instant lastFull = Instant.MIN;

    public ErasedSubjects(EntityManager em, IdentifierHasher hasher) {
        this.em = em;
        this.hasher = hasher;
    }

    /** The keyed hash of a worker of a tenant: the {@code subjectHash} of {@code worker.erasures}. */
    public String workerHash(String tenantId, String workerId) {
        return hash(tenantId, Kind.WORKER, workerId);
    }

    public String hash(String tenantId, Kind kind, String id) {
        return hasher.hash(hashed(tenantId, kind, id));
    }

    /** What the suppression hash is the deployment's HMAC of (for code that holds an {@link IdentifierHasher} only). */
    public static String hashed(String tenantId, Kind kind, String id) {
        return String.join("\u001f", "erased", kind.name(), tenantId, id);
    }

    /** Whether the subject was erased (the in-memory copy, at most {@link #RELOAD} old for other replicas' erasures). */
    public boolean isErased(String tenantId, Kind kind, String id) {
        if (id == null) {
            return false;
        }
        if (!loaded) {
            reload();
        }
        return !known.isEmpty() && known.contains(hash(tenantId, kind, id));
    }

    public boolean isErasedWorker(String tenantId, String workerId) {
        return isErased(tenantId, Kind.WORKER, workerId);
    }

    /** Whether the subject was erased, read from the table now (for a request, where a stale copy is not good enough). */
    public boolean isErasedNow(String tenantId, Kind kind, String id) {
        if (id == null) {
            return false;
        }
        String hash = hash(tenantId, kind, id);
        boolean erased = !em.createNativeQuery("select 1 from erased_subject where subject_hash = ?1")
                .setParameter(1, hash).getResultList().isEmpty();
        if (erased) {
            known.add(hash);
        }
        return erased;
    }

    /**
     * A request's write about a worker: waits for an erasure of the worker under way, then refuses with 410 if the
     * worker was erased. Call first in the request's transaction: the shared lock is held to its end, so an erasure
     * (which takes the lock exclusively, {@link #lockForErasure}) cannot commit between the check and the write and
     * leave the write behind.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refuseIfErased(String tenantId, String workerId) {
        if (!holdUnlessErased(tenantId, workerId)) {
            throw new ProblemException(410, "Gone", "the worker was erased on request; data about it is not accepted");
        }
    }

    /**
     * The same for a service's own write about a worker (a re-screening, a consumer): takes the shared lock and tells
     * whether the worker may be written about (false: it was erased, write nothing).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean holdUnlessErased(String tenantId, String workerId) {
        if (workerId == null) {
            return true;
        }
        String hash = workerHash(tenantId, workerId);
        em.createNativeQuery("select pg_advisory_xact_lock_shared(hashtextextended(?1, 0))").setParameter(1, hash)
                .getSingleResult();
        if (em.createNativeQuery("select 1 from erased_subject where subject_hash = ?1").setParameter(1, hash)
                .getResultList().isEmpty()) {
            return true;
        }
        known.add(hash);
        return false;
    }

    /** Which of a batch's subjects were erased (see {@link #holdBatch}). */
    public record Held(Set<String> erasedHashes, ErasedSubjects subjects, String tenantId) {
        public boolean erased(Kind kind, String id) {
            return id != null && !erasedHashes.isEmpty() && erasedHashes.contains(subjects.hash(tenantId, kind, id));
        }
    }

    /**
     * {@link #holdUnlessErased} for a batch in one round trip: shared locks on the batch's workers (in order), then
     * which of its workers, accounts and parties were erased.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Held holdBatch(String tenantId, Collection<String> workerIds, Collection<String> accountIds,
                          Collection<String> partyIds) {
        TreeSet<String> workers = new TreeSet<>();
        TreeSet<String> all = new TreeSet<>();
        workerIds.stream().filter(Objects::nonNull).forEach(w -> workers.add(workerHash(tenantId, w)));
        all.addAll(workers);
        accountIds.stream().filter(Objects::nonNull).forEach(a -> all.add(hash(tenantId, Kind.ACCOUNT, a)));
        partyIds.stream().filter(Objects::nonNull).forEach(p -> all.add(hash(tenantId, Kind.PARTY, p)));
        if (all.isEmpty()) {
            return new Held(Set.of(), this, tenantId);
        }
        // one round trip: the locks, then the read in a statement of its own snapshot (V0_6__erased_after_locking)
        Set<String> erased = new HashSet<>();
        SetQuery.once(em, "select * from erased_after_locking(?::varchar[], ?::varchar[])",
                row -> erased.add(row.getString(1)), (Object) workers.toArray(String[]::new),
                (Object) all.toArray(String[]::new));
        known.addAll(erased);
        return new Held(erased, this, tenantId);
    }

    /** Taken by an erasure of the worker, to its transaction's end: see {@link #refuseIfErased}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockForErasure(String tenantId, String workerId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, workerHash(tenantId, workerId)).getSingleResult();
    }

    /** Keeps a suppression record (idempotent); by hash, as the aggregator sent it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordHash(String subjectHash, String tenantId, Kind kind, UUID erasureId) {
        em.createNativeQuery("""
                        insert into erased_subject (subject_hash, tenant_id, kind, erasure_id, erased_at)
                        values (?1, ?2, ?3, ?4, ?5) on conflict (subject_hash) do nothing""")
                .setParameter(1, subjectHash).setParameter(2, tenantId).setParameter(3, kind.name())
                .setParameter(4, erasureId).setParameter(5, Instant.now()).executeUpdate();
        known.add(subjectHash);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String tenantId, Kind kind, String id, UUID erasureId) {
        recordHash(hash(tenantId, kind, id), tenantId, kind, erasureId);
    }

    /**
     * Brings the in-memory copy up to date (other replicas' erasures): what was recorded since the last read (less the
     * overlap), or the whole table when it is due. A failure keeps the copy and is retried next time.
     */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void reload() {
        Instant started = Instant.now();
        Instant since = readSince;
        boolean full = !loaded || since == null || lastFull.isBefore(started.minus(FULL_RELOAD));
        @SuppressWarnings("unchecked")
        List<String> hashes = QuarkusTransaction.requiringNew().call(() -> full
                ? em.createNativeQuery("select subject_hash from erased_subject").getResultList()
                : em.createNativeQuery("select subject_hash from erased_subject where erased_at >= ?1")
                        .setParameter(1, since.minus(OVERLAP)).getResultList());
        known.addAll(hashes);
        readSince = started;
        if (full) {
            lastFull = started;
        }
        loaded = true;
    }

}
