package dev.firebreak.aggregator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A tenant's webhooks (issue 27): what each is sent, its encrypted secret, and the events kept for it. An assessment
 * change is written, in the refresh's own transaction, as an event and one delivery per webhook of the worker's
 * tenant that asked for it (an outbox: a change committed is delivered at least once; one never committed, never).
 * No query ever reads another tenant's webhooks or events: every statement is keyed by the tenant.
 */
@ApplicationScoped
public class Webhooks {

    public static final String ASSESSMENT_CHANGED = "assessment.changed";
    public static final Set<String> EVENTS = Set.of(ASSESSMENT_CHANGED);

    /** A webhook as its tenant reads it (never the secret), with how its deliveries are going. */
    public record Webhook(UUID id, String url, List<String> events, Instant createdAt, String createdBy,
                          Health health) {
    }

    /** Pending and given-up deliveries, consecutive failures, and the pause a failing destination is in. */
    public record Health(long pending, long givenUp, int consecutiveFailures, Instant pausedUntil, String lastError,
                         Instant lastDeliveredAt) {
    }

    /** A new webhook, with its secret: the only time the secret is shown. */
    public record Created(UUID id, String url, List<String> events, String secret, Instant createdAt) {
    }

    /** A new secret; the previous one still signs (a second v1) until {@code previousSecretValidUntil}. */
    public record Rotated(UUID id, String secret, Instant previousSecretValidUntil) {
    }

    /** One delivery: of which event, about whom, how it went. */
    public record Delivery(UUID deliveryId, UUID eventId, String workerId, Instant createdAt, int attempts,
                           Instant nextAttemptAt, Instant deliveredAt, Instant givenUpAt, Integer lastStatus,
                           String lastError) {
    }

    private final EntityManager em;
    private final Destinations destinations;
    private final SecretBox box;
    private final WebhookSettings settings;
    private final ObjectMapper json;

    public Webhooks(EntityManager em, Destinations destinations, SecretBox box, WebhookSettings settings,
                    ObjectMapper json) {
        this.em = em;
        this.destinations = destinations;
        this.box = box;
        this.settings = settings;
        this.json = json;
    }

    @Transactional
    public Created create(String tenantId, String url, List<String> events, String actor) {
        URI uri = destinations.parse(url);
        try {
            destinations.resolve(uri);
        } catch (Destinations.Refused refused) {
            throw ProblemException.invalidField("url", refused.getMessage());
        }
        List<String> kinds = List.copyOf(new TreeSet<>(events));
        for (String kind : kinds) {
            if (!EVENTS.contains(kind)) {
                throw ProblemException.invalidField("events", "each one of " + new TreeSet<>(EVENTS));
            }
        }
        // one tenant's webhooks at a time (the count and the insert agree under concurrent creates)
        SetQuery.once(em, "select pg_advisory_xact_lock(hashtext(?))", r -> { }, "webhook:" + tenantId);
        long count = ((Number) em.createNativeQuery("select count(*) from webhook where tenant_id = ?1")
                .setParameter(1, tenantId).getSingleResult()).longValue();
        if (count >= settings.maxPerTenant()) {
            throw new ProblemException(409, "Conflict", "a tenant has at most " + settings.maxPerTenant()
                    + " webhooks; delete one first");
        }
        UUID id = UUID.randomUUID();
        String secret = Signatures.newSecret();
        Instant now = Instant.now();
        SetQuery.update(em, """
                        insert into webhook (id, tenant_id, url, events, secret, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?)""",
                id, tenantId, uri.toString(), String.join(",", kinds), box.seal(secret, id.toString()), now, actor);
        return new Created(id, uri.toString(), kinds, secret, now);
    }

    @Transactional
    public List<Webhook> list(String tenantId) {
        List<Webhook> found = new ArrayList<>();
        SetQuery.once(em, SELECT + " where w.tenant_id = ? order by w.created_at, w.id",
                r -> found.add(webhook(r)), tenantId);
        return found;
    }

    @Transactional
    public Webhook get(String tenantId, UUID id) {
        List<Webhook> found = new ArrayList<>();
        SetQuery.once(em, SELECT + " where w.tenant_id = ? and w.id = ?", r -> found.add(webhook(r)), tenantId, id);
        if (found.isEmpty()) {
            throw ProblemException.notFound("webhook " + id);
        }
        return found.getFirst();
    }

    /** Deletes the webhook and its deliveries, sent or not. */
    @Transactional
    public void delete(String tenantId, UUID id) {
        if (SetQuery.update(em, "delete from webhook where tenant_id = ? and id = ?", tenantId, id) == 0) {
            throw ProblemException.notFound("webhook " + id);
        }
    }

    @Transactional
    public Rotated rotate(String tenantId, UUID id) {
        get(tenantId, id);
        String secret = Signatures.newSecret();
        Instant until = Instant.now().plus(settings.rotationGrace());
        SetQuery.update(em, """
                        update webhook set previous_secret = secret, previous_until = ?, secret = ?
                        where tenant_id = ? and id = ?""",
                until, box.seal(secret, id.toString()), tenantId, id);
        return new Rotated(id, secret, until);
    }

    /**
     * Queues the events of {@code [from, to)} kept for the tenant (those the webhook asks for) again, each as a new
     * delivery with the event's own id (a receiver that saw it drops it); in the order they happened.
     */
    @Transactional
    public int replay(String tenantId, UUID id, Instant from, Instant to) {
        Webhook webhook = get(tenantId, id);
        if (!from.isBefore(to)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        Instant oldest = Instant.now().minus(settings.replayWindow());
        if (from.isBefore(oldest)) {
            throw ProblemException.invalidField("from", "events are kept for " + settings.replayWindow().toDays()
                    + " days: from must be after " + oldest);
        }
        return SetQuery.update(em, """
                        insert into webhook_delivery (delivery_id, webhook_id, tenant_id, worker_id, event_id, created_at,
                                                      next_attempt_at)
                        select gen_random_uuid(), ?, e.tenant_id, e.worker_id, e.id, now(), now()
                        from webhook_event e
                        where e.tenant_id = ? and e.changed_at >= ? and e.changed_at < ? and e.type = any(?)
                        order by e.changed_at, e.id""",
                id, tenantId, from, to, webhook.events().toArray(String[]::new));
    }

    @Transactional
    public List<Delivery> deliveries(String tenantId, UUID id, int limit) {
        get(tenantId, id);
        List<Delivery> found = new ArrayList<>();
        SetQuery.once(em, """
                        select delivery_id, event_id, worker_id, created_at, attempts, next_attempt_at, delivered_at,
                               given_up_at, last_status, last_error
                        from webhook_delivery where webhook_id = ? and tenant_id = ? order by id desc limit ?""",
                r -> found.add(new Delivery(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3),
                        SetQuery.instant(r, "created_at"), r.getInt(5),
                        r.getObject(7) == null && r.getObject(8) == null ? SetQuery.instant(r, "next_attempt_at") : null,
                        SetQuery.instant(r, "delivered_at"), SetQuery.instant(r, "given_up_at"),
                        (Integer) r.getObject(9), r.getString(10))),
                id, tenantId, limit);
        return found;
    }

    /** Which of a refresh batch's tenants have a webhook (most have none: then nothing more is done). */
    public static final String TENANTS_WITH_WEBHOOKS =
            "select distinct tenant_id from webhook where tenant_id = any(?::varchar[])";

    /**
     * The changes of tenants with a webhook become events and deliveries (for the webhooks that asked for them).
     * Public, as {@link #TENANTS_WITH_WEBHOOKS}, for {@code WebhookOutboxBenchmark}, which times them.
     */
    public static final String KEEP_CHANGES = """
            with incoming as (
                select * from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::text[], ?::timestamptz[])
                    as x(id, tenant_id, worker_id, payload, changed_at)
                where exists (select 1 from webhook w where w.tenant_id = x.tenant_id)),
            kept as (
                insert into webhook_event (id, tenant_id, worker_id, type, payload, changed_at)
                select id, tenant_id, worker_id, 'assessment.changed', payload, changed_at from incoming
                returning id, tenant_id, worker_id)
            insert into webhook_delivery (delivery_id, webhook_id, tenant_id, worker_id, event_id, created_at,
                                          next_attempt_at)
            select gen_random_uuid(), w.id, k.tenant_id, k.worker_id, k.id, now(), now()
            from kept k join webhook w on w.tenant_id = k.tenant_id
            where 'assessment.changed' = any(string_to_array(w.events, ','))""";

    /**
     * The refresh batch's changes, as events and deliveries for the webhooks that asked for them, in the batch's
     * transaction: first which of its tenants have a webhook (one light statement; for a batch of tenants without
     * any, that is all: 0.06 ms where building every payload and the insert's statement cost 1.7 ms a batch of 500 —
     * BENCHMARKS.md), then the payloads of those tenants' changes only, in one statement.
     */
    void onChanges(@Observes AssessmentRefresh.Changes changes) {
        if (changes.changes().isEmpty()) {
            return;
        }
        Set<String> hooked = new HashSet<>();
        SetQuery.once(em, TENANTS_WITH_WEBHOOKS, row -> hooked.add(row.getString(1)), (Object) changes.changes()
                .stream().map(AssessmentRefresh.Changed::tenantId).distinct().toArray(String[]::new));
        if (hooked.isEmpty()) {
            return;
        }
        List<AssessmentRefresh.Changed> kept = changes.changes().stream().filter(c -> hooked.contains(c.tenantId()))
                .toList();
        int n = kept.size();
        UUID[] ids = new UUID[n];
        String[] tenants = new String[n];
        String[] workers = new String[n];
        String[] payloads = new String[n];
        String[] at = new String[n];
        for (int i = 0; i < n; i++) {
            AssessmentRefresh.Changed change = kept.get(i);
            ids[i] = UUID.randomUUID();
            tenants[i] = change.tenantId();
            workers[i] = change.workerId();
            payloads[i] = payload(ids[i], change);
            at[i] = change.asOf().toString();
        }
        SetQuery.update(em, KEEP_CHANGES, ids, tenants, workers, payloads, at);
    }

    /** What a receiver is sent: {@code {type, id, workerId, tier, previousTier, score, flags, changedAt}}. */
    private String payload(UUID id, AssessmentRefresh.Changed change) {
        ObjectNode body = json.createObjectNode();
        body.put("type", ASSESSMENT_CHANGED);
        body.put("id", id.toString());
        body.put("workerId", change.workerId());
        body.put("tier", change.tier().name());
        if (change.previousTier() == null) {
            body.putNull("previousTier");
        } else {
            body.put("previousTier", change.previousTier().name());
        }
        body.put("score", change.score());
        change.codes().forEach(body.putArray("flags")::add);
        body.put("changedAt", change.asOf().toString());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A worker's erasure: its events and deliveries, sent or not (the erasure runs in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int erase(String tenantId, String workerId) {
        return SetQuery.update(em, "delete from webhook_delivery where tenant_id = ? and worker_id = ?", tenantId, workerId)
                + SetQuery.update(em, "delete from webhook_event where tenant_id = ? and worker_id = ?", tenantId, workerId);
    }

    private static final String SELECT = """
            select w.id, w.url, w.events, w.created_at, w.created_by, w.failures, w.paused_until, w.last_error,
                   w.last_delivered_at,
                   (select count(*) from webhook_delivery d where d.webhook_id = w.id
                      and d.delivered_at is null and d.given_up_at is null) as pending,
                   (select count(*) from webhook_delivery d where d.webhook_id = w.id and d.given_up_at is not null) as given_up
            from webhook w""";

    private static Webhook webhook(java.sql.ResultSet r) throws java.sql.SQLException {
        return new Webhook(r.getObject("id", UUID.class), r.getString("url"), List.of(r.getString("events").split(",")),
                SetQuery.instant(r, "created_at"), r.getString("created_by"),
                new Health(r.getLong("pending"), r.getLong("given_up"), r.getInt("failures"),
                        SetQuery.instant(r, "paused_until"), r.getString("last_error"),
                        SetQuery.instant(r, "last_delivered_at")));
    }
}
