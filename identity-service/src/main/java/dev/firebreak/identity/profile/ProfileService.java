package dev.firebreak.identity.profile;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.identity.api.ProfileRequest;
import dev.firebreak.identity.consistency.ConsistencyService;
import dev.firebreak.identity.consistency.DisposableDomains;
import dev.firebreak.identity.consistency.History;
import dev.firebreak.identity.nexus.Countries;
import dev.firebreak.identity.nexus.DprkNexusDetector;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.nexus.Sighting;
import dev.firebreak.identity.screening.ScreeningService;
import dev.firebreak.identity.screening.WorkerScreening;
import dev.firebreak.identity.signal.SignalPublisher;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.kit.persistence.IdempotencyLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Stores profile snapshots; raises their signals and observations in the same transaction. */
@ApplicationScoped
public class ProfileService {

    /** Suppression of erased workers: a write about one is refused (410). */
    @Inject
    ErasedSubjects erased;

    private final IdentifierHasher hasher;
    private final SignalPublisher publisher;
    private final IdempotencyLock idempotency;
    private final ConsistencyService consistency;
    private final DisposableDomains disposable;
    private final WorkerScreening screening;
    private final DprkNexusDetector nexus = new DprkNexusDetector();

    public ProfileService(IdentifierHasher hasher, SignalPublisher publisher, ConsistencyService consistency,
                          DisposableDomains disposable, WorkerScreening screening, IdempotencyLock idempotency) {
        this.hasher = hasher;
        this.publisher = publisher;
        this.idempotency = idempotency;
        this.consistency = consistency;
        this.disposable = disposable;
        this.screening = screening;
    }

    public record Result(long profileId, String workerId, boolean duplicate, List<SignalPublisher.Raised> signals) {
    }

    @Transactional
    public Result submit(String tenantId, ProfileRequest request) {
        erased.refuseIfErased(tenantId, request.workerId()); // 410 for an erased worker
        String declaredCountry = request.location() == null ? null
                : Countries.alpha2(request.location().country()).orElseThrow(() ->
                ProblemException.invalidField("location.country", "unknown ISO 3166 country code"));
        PhoneNumbers.Parsed phone = request.phone() == null ? null
                : PhoneNumbers.parse(request.phone(), declaredCountry).orElseThrow(() ->
                ProblemException.invalidField("phone", "not a phone number"));
        if (request.timezone() != null && !timeZone(request.timezone())) {
            throw ProblemException.invalidField("timezone", "must be a time zone of the IANA database, e.g. Asia/Seoul");
        }
        List<History.Entry> history = new ArrayList<>();
        try {
            history.addAll(History.read(History.Kind.EDUCATION, "education", request.education()));
            history.addAll(History.read(History.Kind.EMPLOYMENT, "employment", request.employment()));
        } catch (History.Invalid e) {
            throw ProblemException.invalidField(e.field, e.getMessage());
        }
        String phoneHash = phone == null ? null : hasher.hash(phone.e164());
        String emailHash = request.email() == null ? null : hasher.hash(request.email().strip().toLowerCase(Locale.ROOT));

        idempotency.lock("profile", tenantId, request.workerId(), request.source(), request.observedAt().toString());
        Profile existing = Profile.find(tenantId, request.workerId(), request.source(), request.observedAt()).orElse(null);
        Profile profile = existing;
        if (profile == null) {
            profile = new Profile();
            profile.tenantId = tenantId;
            profile.workerId = request.workerId();
            profile.source = request.source();
            profile.observedAt = request.observedAt();
            profile.fullName = request.fullName();
            profile.nationality = request.nationality() == null ? null : Countries.alpha2(request.nationality()).orElse(null);
            profile.locationCountry = declaredCountry;
            profile.timezone = request.timezone();
            profile.emailHash = emailHash;
            profile.phoneHash = phoneHash;
            profile.phoneCountry = phone == null ? null : phone.region();
            profile.phoneType = phone == null ? null : phone.type();
            profile.phoneValid = phone == null ? null : phone.valid();
            profile.emailDisposable = request.email() == null ? null : disposable.isDisposable(request.email());
            profile.photoHash = request.photoHash() == null ? null : Long.parseUnsignedLong(request.photoHash(), 16);
            profile.hasPhoto = profile.photoHash != null ? Boolean.TRUE : request.hasPhoto();
            profile.history = History.toJson(history);
            profile.receivedAt = Instant.now();
            profile.persist();
        }

        List<Finding> findings = new ArrayList<>(phone == null ? List.of()
                : nexus.inspectPhone(phone.callingCode(), phone.valid(), phoneHash, request.source()));
        List<SignalPublisher.Raised> raised = new ArrayList<>(
                publisher.raise(tenantId, request.workerId(), request.observedAt(), findings));
        // ID-09 for the whole worker: this profile's name with the date of birth of the worker's documents
        String screened = ScreeningService.profileOrigin(request.source(), request.observedAt());
        raised.addAll(screening.reconcile(tenantId, request.workerId(), request.observedAt(), Map.of())
                .of(screened));
        raised.addAll(consistency.reassess(tenantId, request.workerId(), request.observedAt()));

        String origin = "profile:" + request.source() + "@" + request.observedAt();
        List<Sighting> sightings = new ArrayList<>();
        if (phoneHash != null) {
            sightings.add(new Sighting("PHONE", phoneHash, origin));
            if (phone.region() != null && !"ZZ".equals(phone.region()) && !"001".equals(phone.region())) {
                sightings.add(new Sighting("PHONE_COUNTRY", phone.region(), origin));
            }
        }
        if (emailHash != null) {
            sightings.add(new Sighting("EMAIL", emailHash, origin));
        }
        if (declaredCountry != null) {
            sightings.add(new Sighting("DECLARED_COUNTRY", declaredCountry, origin));
        }
        if (profile.photoHash != null) {
            sightings.add(new Sighting("PHOTO", String.format("%016x", profile.photoHash), origin));
        }
        if (request.timezone() != null) {
            sightings.add(new Sighting("DECLARED_TIMEZONE", request.timezone(), origin));
        }
        publisher.observe(tenantId, request.workerId(), request.observedAt(), sightings);
        return new Result(profile.id, request.workerId(), existing != null, raised);
    }

    private static boolean timeZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
