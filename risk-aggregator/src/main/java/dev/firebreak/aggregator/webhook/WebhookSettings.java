package dev.firebreak.aggregator.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Webhooks per tenant ({@code firebreak.webhooks.*}). */
@ConfigMapping(prefix = "firebreak.webhooks")
public interface WebhookSettings {

    /**
     * The key the signing secrets are stored under (AES-256-GCM; base64 of 32 bytes): a deployment secret, as the
     * identifiers' HMAC key is. The database alone never gives a reader a tenant's signing secret.
     */
    String secretKey();

    /**
     * Networks (CIDR, such as {@code 10.20.0.0/16} or {@code 127.0.0.0/8}) a destination may resolve to although they
     * are private, loopback or link-local; none by default (only public addresses). The local stack allows loopback.
     */
    Optional<List<String>> allowedNetworks();

    /** Whether a destination may be plain {@code http://} (the local stack); {@code https://} only by default. */
    @WithDefault("false")
    boolean allowHttp();

    /** Webhooks a tenant may have. */
    @WithDefault("10")
    int maxPerTenant();

    /** How long a delivery may take to connect, and in all, before it counts as failed. */
    @WithDefault("2s")
    Duration connectTimeout();

    @WithDefault("5s")
    Duration requestTimeout();

    /** Attempts before a delivery is given up (the back-off doubles from 2 s up to {@link #maxBackoff()}). */
    @WithDefault("16")
    int maxAttempts();

    @WithDefault("1h")
    Duration maxBackoff();

    /** Deliveries in flight at once in one replica, and to one webhook (a slow one never takes every slot). */
    @WithDefault("64")
    int inFlight();

    @WithDefault("4")
    int inFlightPerWebhook();

    /** How often the deliverer looks for due deliveries when nothing woke it. */
    @WithDefault("1s")
    Duration interval();

    /** How often old events and finished deliveries are deleted and the pending deliveries counted. */
    @WithDefault("1m")
    Duration maintenanceInterval();

    /** How long events are kept for replays. */
    @WithDefault("30d")
    Duration replayWindow();

    /** How long a delivered or given-up delivery is kept (shown in the webhook's deliveries). */
    @WithDefault("7d")
    Duration deliveriesKept();

    /** After a rotation, deliveries are signed with the previous secret too for this long. */
    @WithDefault("24h")
    Duration rotationGrace();
}
