package dev.firebreak.aggregator.webhook;

import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.kit.work.Drainer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers webhook events: claims due deliveries ({@code FOR UPDATE SKIP LOCKED}, a lease so a crashed replica's
 * claims come back), POSTs each without blocking (Vert.x' client, to the address {@link Destinations} checked), and
 * records how it went. At least once: a delivery is marked delivered only after a 2xx. Ordered per worker: a
 * delivery waits while an earlier one to the same webhook about the same worker is pending. Never slowed by another
 * tenant's endpoint: a failing destination is paused with back-off (its deliveries wait, nobody else's), no more than
 * {@code in-flight-per-webhook} of its deliveries are ever in flight, and each has a deadline.
 */
@ApplicationScoped
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    private static final int BATCH = 100;

    private final EntityManager em;
    private final Destinations destinations;
    private final SecretBox box;
    private final WebhookSettings settings;
    private final Vertx vertx;
    private final HttpClient client;
    private final Semaphore slots;
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService outcomes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webhook-outcomes");
        t.setDaemon(true);
        return t;
    });
    private final Drainer drainer;
    private final Counter failures;
    private final Counter delivered;
    private final Counter givenUp;
    private final AtomicLong pending = new AtomicLong();

    public WebhookDeliverer(EntityManager em, Destinations destinations, SecretBox box, WebhookSettings settings,
                            Vertx vertx, MeterRegistry metrics) {
        this.em = em;
        this.destinations = destinations;
        this.box = box;
        this.settings = settings;
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                // the pool is per host and port, which tenants may share (one receiving service for many): as large
                // as all deliveries in flight, so a webhook holding its four connections never queues another's
                .setMaxPoolSize(settings.inFlight())
                .setForceSni(true) // the request goes to the checked address; TLS still names (and verifies) the host
                .setVerifyHost(true));
        this.slots = new Semaphore(settings.inFlight());
        this.failures = Counter.builder("firebreak.webhook.failures")
                .description("webhook delivery attempts that failed (not 2xx, timed out, refused)").register(metrics);
        this.delivered = Counter.builder("firebreak.webhook.deliveries")
                .description("webhook deliveries acknowledged with a 2xx").register(metrics);
        this.givenUp = Counter.builder("firebreak.webhook.given.up")
                .description("webhook deliveries given up after the last attempt").register(metrics);
        metrics.gauge("firebreak.webhook.pending", pending, AtomicLong::get);
        this.drainer = new Drainer("webhook-deliverer", BATCH, this::claimAndSend);
    }

    /** A batch of changes committed: deliver them now. */
    void onChanges(@Observes(during = TransactionPhase.AFTER_SUCCESS) AssessmentRefresh.Changes changes) {
        drainer.kick();
    }

    @Scheduled(every = "${firebreak.webhooks.interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        drainer.kick();
    }

    /** Asks for a drain at once (a replay, a new webhook). */
    public void kick() {
        drainer.kick();
    }

    @PreDestroy
    void stop() {
        drainer.close();
        outcomes.shutdown();
        try {
            outcomes.awaitTermination(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    private record Claimed(long id, UUID deliveryId, UUID webhookId, int attempts, String payload, String url,
                           List<String> secrets) {
    }

    /** One batch: claims what is due and has room, sends it (the sends complete later); how many it claimed. */
    int claimAndSend() {
        List<Claimed> claimed = QuarkusTransaction.requiringNew().call(this::claim);
        // only this drain takes slots (one drain at a time): those claim() counted free are still free
        slots.acquireUninterruptibly(claimed.size());
        claimed.forEach(c -> inFlight.computeIfAbsent(c.webhookId(), k -> new AtomicInteger()).incrementAndGet());
        for (Claimed delivery : claimed) {
            send(delivery);
        }
        return claimed.size();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    List<Claimed> claim() {
        int free = slots.availablePermits();
        if (free == 0) {
            return List.of();
        }
        List<Object[]> rows = new ArrayList<>();
        SetQuery.once(em, """
                        select d.id, d.delivery_id, d.webhook_id, d.attempts, e.payload, w.url, w.secret,
                               case when w.previous_until > now() then w.previous_secret end as previous
                        from webhook_delivery d
                          join webhook w on w.id = d.webhook_id
                          join webhook_event e on e.id = d.event_id
                        where d.delivered_at is null and d.given_up_at is null and d.next_attempt_at <= now()
                          and (w.paused_until is null or w.paused_until <= now())
                          and not exists (select 1 from webhook_delivery p where p.webhook_id = d.webhook_id
                                            and p.worker_id = d.worker_id and p.id < d.id
                                            and p.delivered_at is null and p.given_up_at is null)
                        order by d.next_attempt_at, d.id
                        limit ? for update of d skip locked""",
                r -> rows.add(new Object[] {r.getLong(1), r.getObject(2, UUID.class), r.getObject(3, UUID.class),
                        r.getInt(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8)}),
                Math.min(free, BATCH));
        List<Claimed> claimed = new ArrayList<>();
        Map<UUID, Integer> taken = new java.util.HashMap<>();
        for (Object[] row : rows) {
            UUID webhook = (UUID) row[2];
            int already = inFlight.getOrDefault(webhook, new AtomicInteger()).get() + taken.getOrDefault(webhook, 0);
            if (already >= settings.inFlightPerWebhook() || claimed.size() >= free) {
                continue; // left for a later batch: this webhook has its share in flight, or no slot is free
            }
            taken.merge(webhook, 1, Integer::sum);
            String id = webhook.toString();
            List<String> secrets = new ArrayList<>(List.of(box.open((String) row[6], id)));
            if (row[7] != null) {
                secrets.add(box.open((String) row[7], id));
            }
            claimed.add(new Claimed((Long) row[0], (UUID) row[1], webhook, (Integer) row[3], (String) row[4],
                    (String) row[5], secrets));
        }
        if (!claimed.isEmpty()) {
            // the lease: a replica that dies with these in flight leaves them to be tried again after it
            long leaseSeconds = settings.requestTimeout().toSeconds() * 2 + 10;
            SetQuery.update(em, "update webhook_delivery set next_attempt_at = now() + ? * interval '1 second' where id = any(?)",
                    leaseSeconds, claimed.stream().map(Claimed::id).toArray(Long[]::new));
        }
        return claimed;
    }

    private void send(Claimed delivery) {
        URI uri = URI.create(delivery.url());
        Destinations.Checked destination;
        try {
            destination = destinations.resolve(uri); // a blocking look-up, on the drainer's thread
        } catch (Destinations.Refused refused) {
            finished(delivery, null, refused.getMessage());
            return;
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long sentAt = Instant.now().getEpochSecond();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, destination.address().getHostAddress()))
                .setHost(uri.getHost()).setPort(port).setSsl(https).setURI(path).setFollowRedirects(false)
                .setConnectTimeout(settings.connectTimeout().toMillis())
                .setIdleTimeout(settings.requestTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "Firebreak-Webhooks/1")
                .putHeader("Firebreak-Delivery", delivery.deliveryId().toString())
                .putHeader("Firebreak-Signature", Signatures.header(sentAt, delivery.payload(), delivery.secrets()));
        Future<HttpClientRequest> request = client.request(options);
        // a deadline for the whole exchange, not only between bytes: a trickling endpoint is cut off
        long timer = vertx.setTimer(settings.requestTimeout().toMillis(), t -> request.onSuccess(r -> r.reset()));
        request.compose(r -> r.send(Buffer.buffer(delivery.payload())))
                .compose(response -> {
                    int status = response.statusCode();
                    response.handler(ignored -> { }); // the body is not read, only drained
                    return response.end().map(v -> status);
                })
                .onComplete(result -> {
                    vertx.cancelTimer(timer);
                    if (result.succeeded()) {
                        int status = result.result();
                        finished(delivery, status, status / 100 == 2 ? null : "HTTP " + status);
                    } else {
                        finished(delivery, null, reason(result.cause()));
                    }
                });
    }

    private static String reason(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        if (name.contains("Timeout") || name.contains("StreamReset")) {
            return "timed out";
        }
        if (name.contains("Connect")) {
            return "connection refused or unreachable";
        }
        if (name.contains("SSL") || name.contains("Ssl")) {
            return "TLS handshake failed";
        }
        return "failed (" + name + ")";
    }

    /** Records the attempt (off the event loop), frees its slot, and looks for more. */
    private void finished(Claimed delivery, Integer status, String error) {
        outcomes.execute(() -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> record(delivery, status, error));
            } catch (RuntimeException e) {
                // the lease runs out and the delivery is tried again: at least once
                LOG.warnf("webhook delivery %s: outcome not recorded (%s)", delivery.deliveryId(), e.getClass().getSimpleName());
            } finally {
                inFlight.get(delivery.webhookId()).decrementAndGet();
                slots.release();
                drainer.kick();
            }
        });
    }

    private void record(Claimed delivery, Integer status, String error) {
        int attempts = delivery.attempts() + 1;
        if (error == null) {
            delivered.increment();
            SetQuery.update(em, """
                            update webhook_delivery set delivered_at = now(), attempts = ?, last_status = ?::integer, last_error = null
                            where id = ?""", attempts, status, delivery.id());
            SetQuery.update(em, """
                            update webhook set failures = 0, paused_until = null, last_error = null, last_delivered_at = now()
                            where id = ?""", delivery.webhookId());
            return;
        }
        failures.increment();
        if (attempts >= settings.maxAttempts()) {
            givenUp.increment();
            SetQuery.update(em, """
                            update webhook_delivery set given_up_at = now(), attempts = ?, last_status = ?::integer, last_error = ?
                            where id = ?""", attempts, status, error, delivery.id());
        } else {
            SetQuery.update(em, """
                            update webhook_delivery set next_attempt_at = now() + ? * interval '1 second', attempts = ?,
                                   last_status = ?::integer, last_error = ? where id = ?""",
                    backoff(attempts), attempts, status, error, delivery.id());
        }
        // the destination waits too (its other deliveries with it): one failing endpoint costs one attempt a period
        SetQuery.update(em, """
                        update webhook set failures = failures + 1, last_error = ?,
                               paused_until = now() + least(?, power(2, least(failures + 1, 20))) * interval '1 second'
                        where id = ?""", error, settings.maxBackoff().toSeconds(), delivery.webhookId());
        // the destination's host, never the payload (no worker id in logs)
        LOG.debugf("webhook delivery %s to %s failed: %s (attempt %d)", delivery.deliveryId(),
                URI.create(delivery.url()).getHost(), error, attempts);
    }

    private long backoff(int attempts) {
        return Math.min(settings.maxBackoff().toSeconds(), 1L << Math.min(attempts, 20));
    }

    /** Events past the replay window, finished deliveries past their keeping; the pending count for the gauge. */
    @Scheduled(every = "${firebreak.webhooks.maintenance-interval:1m}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void maintain() {
        Instant events = Instant.now().minus(settings.replayWindow());
        Instant deliveries = Instant.now().minus(settings.deliveriesKept());
        for (int chunk = 0; chunk < 100; chunk++) {
            int n = QuarkusTransaction.requiringNew().call(() -> SetQuery.update(em, """
                            delete from webhook_delivery where id = any(array(
                                select id from webhook_delivery where created_at < ?
                                  and (delivered_at is not null or given_up_at is not null) limit 2000))""", deliveries)
                    + SetQuery.update(em, """
                            delete from webhook_event where id = any(array(
                                select e.id from webhook_event e where e.changed_at < ?
                                  and not exists (select 1 from webhook_delivery d where d.event_id = e.id
                                                    and d.delivered_at is null and d.given_up_at is null)
                                limit 2000))""", events));
            if (n == 0) {
                break;
            }
        }
        pending.set(QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_delivery where delivered_at is null and given_up_at is null")
                .getSingleResult()).longValue()));
    }
}
