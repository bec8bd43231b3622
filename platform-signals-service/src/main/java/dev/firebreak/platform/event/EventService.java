package dev.firebreak.platform.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.platform.api.EventRequest;
import dev.firebreak.platform.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ingests event batches idempotently on the tenant's {@code eventId}: a replayed event changes nothing.
 * A batch is all or nothing, so a client can safely resend it after any failure.
 */
@ApplicationScoped
public class EventService {

    private final EntityManager em;
    private final IdentifierHasher hasher;
    private final SignalPublisher publisher;
    private final ObjectMapper json;
    private final dev.firebreak.platform.ip.IpIntelligence ipIntelligence;

    public EventService(EntityManager em, IdentifierHasher hasher, SignalPublisher publisher, ObjectMapper json,
                        dev.firebreak.platform.ip.IpIntelligence ipIntelligence) {
        this.em = em;
        this.hasher = hasher;
        this.publisher = publisher;
        this.json = json;
        this.ipIntelligence = ipIntelligence;
        this.singleEvent = new dev.firebreak.platform.detect.AccountDetectors(
                dev.firebreak.platform.detect.Thresholds.defaults(), ipIntelligence);
    }

    // the detectors that need nothing but the event itself (and the operator's IP data); the windowed ones run
    // where the account's, IP's and device's history is kept
    private final dev.firebreak.platform.detect.AccountDetectors singleEvent;
    private final dev.firebreak.platform.detect.OffPlatformRequests requests = new dev.firebreak.platform.detect.OffPlatformRequests();
    private final dev.firebreak.platform.detect.AnonymisingNetwork anonymising = new dev.firebreak.platform.detect.AnonymisingNetwork();

    private List<dev.firebreak.platform.detect.Finding> singleEventFindings(EventRequest e, String ip) {
        var activity = new dev.firebreak.platform.detect.Activity(e.eventId, e.type.name(), e.accountId, e.workerId,
                e.occurredAt, ip, null, e.fields());
        List<dev.firebreak.platform.detect.Finding> findings = new java.util.ArrayList<>();
        requests.inspect(activity).ifPresent(findings::add);
        singleEvent.remoteAccess(activity).ifPresent(findings::add);
        singleEvent.report(activity).ifPresent(findings::add);
        if (ip != null) {
            var network = ipIntelligence.classify(ip);
            anonymising.inspect(activity, new dev.firebreak.platform.detect.AnonymisingNetwork.Verdict(
                    network.types().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet()), network.asn(),
                    network.asOrganisation(), network.sources())).ifPresent(findings::add);
        }
        return findings;
    }

    public record BatchResult(int accepted, int duplicates) {
    }

    @Transactional
    public BatchResult ingest(String tenantId, List<EventRequest> events) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            EventRequest e = events.get(i);
            if (!seen.add(e.eventId)) {
                throw ProblemException.invalidField("[" + i + "].eventId", "repeats an eventId of this batch");
            }
            if (e.ip != null && IpAddresses.canonical(e.ip).isEmpty()) {
                throw ProblemException.invalidField("[" + i + "].ip", "not an IP address");
            }
        }
        int accepted = 0;
        Instant now = Instant.now();
        List<Sighting> sightings = new ArrayList<>();
        for (EventRequest e : events) {
            String deviceHash = e.deviceId == null ? null : hasher.hash(e.deviceId.strip());
            String ip = e.ip == null ? null : IpAddresses.canonical(e.ip).orElseThrow();
            int inserted = em.createNativeQuery("""
                            insert into platform_event (tenant_id, event_id, type, account_id, worker_id, occurred_at, ip,
                                                        device_hash, attributes, received_at)
                            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                            on conflict (tenant_id, event_id) do nothing""")
                    .setParameter(1, tenantId).setParameter(2, e.eventId).setParameter(3, e.type.name())
                    .setParameter(4, e.accountId).setParameter(5, e.workerId).setParameter(6, e.occurredAt)
                    .setParameter(7, ip).setParameter(8, deviceHash).setParameter(9, attributes(e.fields()))
                    .setParameter(10, now).executeUpdate();
            if (inserted == 0) {
                continue;
            }
            accepted++;
            for (var finding : singleEventFindings(e, ip)) {
                publisher.raise(tenantId, e.occurredAt, finding);
            }
            String origin = "event:" + e.eventId;
            if (e.workerId != null) {
                sightings.add(new Sighting(e.workerId, e.accountId, "PLATFORM_ACCOUNT", e.accountId, "account:" + e.accountId));
            }
            if (deviceHash != null) {
                sightings.add(new Sighting(e.workerId, e.accountId, "DEVICE", deviceHash, origin));
            }
            if (ip != null) {
                sightings.add(new Sighting(e.workerId, e.accountId, "IP", ip, origin));
                if (e.type == EventType.LOGIN) {
                    // where the login came from, when a City database is loaded (the aggregator compares it: ID-03)
                    ipIntelligence.locate(ip).map(dev.firebreak.platform.detect.GeoLocator.Place::country)
                            .filter(c -> c != null && c.matches("[A-Z]{2}"))
                            .ifPresent(c -> sightings.add(new Sighting(e.workerId, e.accountId, "LOGIN_COUNTRY", c, origin)));
                }
            }
            if (e.type == EventType.ACCOUNT_CREATED) {
                text(e.fields(), "declaredCountry").map(c -> c.toUpperCase(Locale.ROOT))
                        .filter(c -> c.matches("[A-Z]{2}"))
                        .ifPresent(c -> sightings.add(new Sighting(e.workerId, e.accountId, "DECLARED_COUNTRY", c, origin)));
                text(e.fields(), "declaredTimezone")
                        .ifPresent(z -> sightings.add(new Sighting(e.workerId, e.accountId, "DECLARED_TIMEZONE", z, origin)));
            }
            if (e.type == EventType.REFERRAL) {
                // the referred account (the event's) was recommended by referrerAccountId: a REFERRAL observation whose
                // value is the referrer's account, so the aggregator links referrer and referred (NW-02)
                text(e.fields(), "referrerAccountId").filter(a -> a.matches("[A-Za-z0-9._:@-]{1,100}"))
                        .filter(a -> !a.equals(e.accountId))
                        .ifPresent(a -> sightings.add(new Sighting(e.workerId, e.accountId, "REFERRAL", a, origin)));
            }
        }
        publisher.observe(tenantId, now, sightings);
        return new BatchResult(accepted, events.size() - accepted);
    }

    private static java.util.Optional<String> text(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value instanceof String s && !s.isBlank() ? java.util.Optional.of(s.strip()) : java.util.Optional.empty();
    }

    private String attributes(Map<String, Object> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField("event", "type fields cannot be stored");
        }
    }
}
