package dev.firebreak.identity.shipping;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.persistence.IdempotencyLock;
import dev.firebreak.identity.api.PostalAddress;
import dev.firebreak.identity.api.ShippingRequest;
import dev.firebreak.identity.document.Document;
import dev.firebreak.identity.nexus.Countries;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.nexus.Sighting;
import dev.firebreak.identity.signal.SignalPublisher;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Records shipping requests (idempotent on worker and time) and compares them with the ID address (ID-12). */
@ApplicationScoped
public class ShippingService {

    /** Suppression of erased workers: a write about one is refused (410). */
    @Inject
    ErasedSubjects erased;

    private final IdentifierHasher hasher;
    private final SignalPublisher publisher;
    private final IdempotencyLock idempotency;
    private final ShippingAddressDetector detector = new ShippingAddressDetector();

    public ShippingService(IdentifierHasher hasher, SignalPublisher publisher, IdempotencyLock idempotency) {
        this.hasher = hasher;
        this.publisher = publisher;
        this.idempotency = idempotency;
    }

    public record Result(long requestId, String workerId, boolean duplicate, boolean idAddressKnown,
                         List<SignalPublisher.Raised> signals) {
    }

    @Transactional
    public Result submit(String tenantId, ShippingRequest request) {
        erased.refuseIfErased(tenantId, request.workerId()); // 410 for an erased worker
        PostalAddress address = request.address();
        String country = Countries.alpha2(address.country())
                .orElseThrow(() -> ProblemException.invalidField("address.country", "unknown ISO 3166 country code"));
        ShippingAddressDetector.Place shipping = ShippingAddressDetector.Place.of(country, address.postcode());
        idempotency.lock("shipping", tenantId, request.workerId(), request.observedAt().toString());
        ShippingRecord existing = ShippingRecord.find("tenantId = ?1 and workerId = ?2 and observedAt = ?3", tenantId,
                request.workerId(), request.observedAt()).firstResult();
        ShippingRecord record = existing;
        String addressHash = hasher.hash(normalised(country, address));
        if (record == null) {
            record = new ShippingRecord();
            record.tenantId = tenantId;
            record.workerId = request.workerId();
            record.observedAt = request.observedAt();
            record.country = country;
            record.postcode = shipping.postcode();
            record.addressHash = addressHash;
            record.cannotReceiveAtIdAddress = Boolean.TRUE.equals(request.cannotReceiveAtIdAddress());
            record.receivedAt = Instant.now();
            record.persist();
        }
        ShippingAddressDetector.Place idAddress = Document.forWorker(tenantId, request.workerId()).stream()
                .filter(d -> d.addressCountry != null)
                .reduce((first, second) -> second)
                .map(d -> new ShippingAddressDetector.Place(d.addressCountry, d.addressPostcode)).orElse(null);
        List<Finding> findings = detector.inspect(shipping, idAddress, record.cannotReceiveAtIdAddress,
                request.observedAt().toString()).stream().toList();
        List<SignalPublisher.Raised> raised = publisher.raise(tenantId, request.workerId(), request.observedAt(), findings);
        publisher.observe(tenantId, request.workerId(), request.observedAt(),
                List.of(new Sighting("ADDRESS", addressHash, "shipping:" + request.observedAt())));
        return new Result(record.id, request.workerId(), existing != null, idAddress != null, raised);
    }

    /** The keyed-hash input of an address: country, postcode and lines, upper case, single spaces. */
    public static String normalised(String country, PostalAddress address) {
        return String.join("|", Stream.concat(Stream.of(country, address.postcode(), address.city()),
                        address.lines() == null ? Stream.empty() : address.lines().stream())
                .map(s -> s == null ? "" : s.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT)).toList());
    }
}
