package dev.firebreak.identity.document;

import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.identity.api.DocumentRequest;
import dev.firebreak.identity.config.IdentitySettings;
import dev.firebreak.identity.consistency.ConsistencyService;
import dev.firebreak.identity.nexus.Countries;
import dev.firebreak.identity.nexus.DprkNexusDetector;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.nexus.Sighting;
import dev.firebreak.identity.screening.ScreeningService;
import dev.firebreak.identity.screening.WorkerScreening;
import dev.firebreak.identity.shipping.ShippingAddressDetector;
import dev.firebreak.identity.signal.SignalPublisher;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.kit.persistence.IdempotencyLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses, checks and stores documents; raises their signals and observations in the same transaction. */
@ApplicationScoped
public class DocumentService {

    /** Suppression of erased workers: a write about one is refused (410). */
    @Inject
    ErasedSubjects erased;

    private final IdentifierHasher hasher;
    private final SignalPublisher publisher;
    private final IdempotencyLock idempotency;
    private final DprkNexusDetector nexus = new DprkNexusDetector();
    private final DocumentVerificationDetector verification = new DocumentVerificationDetector();
    private final SharedDocumentDetector sharing;

    private final ConsistencyService consistency;
    private final WorkerScreening screening;

    public DocumentService(IdentifierHasher hasher, SignalPublisher publisher, ConsistencyService consistency,
                           WorkerScreening screening, IdempotencyLock idempotency, IdentitySettings.Checks settings) {
        int maxPhotoDistance = settings.photoMaxHammingDistance();
        this.hasher = hasher;
        this.publisher = publisher;
        this.idempotency = idempotency;
        this.consistency = consistency;
        this.screening = screening;
        if (maxPhotoDistance < 0 || maxPhotoDistance >= Document.PHOTO_SEGMENTS) {
            // the photo index finds every photo within PHOTO_SEGMENTS - 1 bits, no further
            throw new IllegalArgumentException("firebreak.identity.photo-max-hamming-distance must be 0 to "
                    + (Document.PHOTO_SEGMENTS - 1) + ", not " + maxPhotoDistance);
        }
        this.sharing = new SharedDocumentDetector(maxPhotoDistance);
    }

    public record Check(String check, boolean passed, String reason) {
    }

    public record Result(long documentId, String workerId, boolean duplicate, String mrzFormat, List<Check> checks,
                         List<SignalPublisher.Raised> signals) {
    }

    @Transactional
    public Result submit(String tenantId, DocumentRequest request) {
        erased.refuseIfErased(tenantId, request.workerId()); // 410 for an erased worker
        Mrz mrz;
        try {
            mrz = Mrz.parse(request.mrz());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("mrz", e.getMessage());
        }
        String documentHash = hasher.hash(mrz.issuingState() + "|" + mrz.documentNumber());
        DocumentRequest.VisualZone viz = request.visualZone();
        MrzValidator validator = new MrzValidator(LocalDate.now(ZoneOffset.UTC));
        List<MrzValidator.Check> mrzChecks = validator.validate(mrz, visual(viz));
        idempotency.lock("document", tenantId, request.workerId(), request.source(), documentHash);
        Document existing = Document.find(tenantId, request.workerId(), request.source(), documentHash).orElse(null);
        Document document = existing != null ? existing : store(tenantId, request, mrz, documentHash, mrzChecks);
        String birthDate = validator.birthDate(mrz.dateOfBirth()).map(LocalDate::toString).orElse(null);
        if (existing == null) {
            document.birthDate = birthDate;
        }

        List<Finding> findings = new ArrayList<>(nexus.inspectDocument(new DprkNexusDetector.DocumentFacts(
                request.documentType(), request.source(), documentHash, mrz.issuingState(), mrz.nationality(),
                viz == null ? null : viz.issuingState(), viz == null ? null : viz.nationality())));
        List<String> submission = viz == null ? List.of("document:" + documentHash)
                : List.of("document:" + documentHash, "viz:" + hasher.hash(viz.toString()));
        findings.addAll(verification.inspect(mrzChecks, request.documentType(), request.source(), mrz.format().name(),
                documentHash, submission));
        List<SignalPublisher.Raised> raised = new ArrayList<>(
                publisher.raise(tenantId, request.workerId(), document.receivedAt, findings));
        if (existing == null && mrzChecks.stream().allMatch(MrzValidator.Check::passed)) {
            // ID-07 lasts until a document of the worker that passes every check supersedes the one that failed
            for (SignalPublisher.Kept failed : publisher.kept(tenantId, request.workerId(), "ID-07")) {
                publisher.withdraw(tenantId, request.workerId(), failed.signalId(), document.receivedAt,
                        "superseded by a document that passes every check, received " + document.receivedAt);
            }
        }
        // ID-09 for the whole worker: this document's holder, and the worker's profiles with its date of birth
        String origin = ScreeningService.documentOrigin(documentHash);
        raised.addAll(screening.reconcile(tenantId, request.workerId(), document.receivedAt,
                Map.of(origin, List.of(mrz.documentNumber()))).of(origin));
        raised.addAll(shared(tenantId, request.workerId(), document));
        raised.addAll(consistency.reassess(tenantId, request.workerId(), document.receivedAt));

        List<Sighting> sightings = new ArrayList<>();
        sightings.add(new Sighting("DOCUMENT", documentHash, "document:" + documentHash));
        if (document.photoHash != null) {
            sightings.add(new Sighting("PHOTO", String.format("%016x", document.photoHash), "document:" + documentHash));
        }
        Countries.alpha2(mrz.nationality()).ifPresent(c ->
                sightings.add(new Sighting("DOCUMENT_COUNTRY", c, "document:" + documentHash)));
        publisher.observe(tenantId, request.workerId(), document.receivedAt, sightings);

        List<Check> checks = new ArrayList<>();
        mrzChecks.forEach(c -> checks.add(new Check(c.check(), c.passed(), c.reason())));
        Finding dprk = findings.stream().filter(f -> f.code().equals(DprkNexusDetector.CODE)).findFirst().orElse(null);
        checks.add(new Check("dprk-nexus", dprk == null, dprk == null ? "neither issuing state nor nationality is PRK"
                : String.valueOf(dprk.evidence().get("explanation"))));
        return new Result(document.id, request.workerId(), existing != null, mrz.format().name(), checks, raised);
    }

    /** ID-08: the signals of this worker's group; what this request raised about other workers is not reported. */
    private List<SignalPublisher.Raised> shared(String tenantId, String workerId, Document document) {
        List<SharedDocumentDetector.Other> others = Document.candidatesForSharing(tenantId, workerId, document.documentHash,
                        document.photoHash)
                .stream().map(d -> new SharedDocumentDetector.Other(d.workerId, d.documentHash, d.photoHash)).toList();
        List<SignalPublisher.Raised> own = new ArrayList<>();
        for (SharedDocumentDetector.Subjected found : sharing.inspect(workerId, document.documentHash, document.photoHash, others)) {
            SignalPublisher.Raised raised = publisher.raiseInGroup(tenantId, found.workerId(), document.receivedAt,
                    found.finding());
            if (found.workerId().equals(workerId)) {
                own.add(raised);
            }
        }
        return own;
    }

    private static MrzValidator.VisualZone visual(DocumentRequest.VisualZone viz) {
        return viz == null ? null : new MrzValidator.VisualZone(viz.surname(), viz.givenNames(), viz.documentNumber(),
                viz.nationality(), viz.issuingState(), viz.dateOfBirth(), viz.sex(), viz.expiryDate());
    }

    private static Document store(String tenantId, DocumentRequest request, Mrz mrz, String documentHash,
                                  List<MrzValidator.Check> checks) {
        Document document = new Document();
        document.tenantId = tenantId;
        document.workerId = request.workerId();
        document.source = request.source();
        document.documentType = request.documentType();
        document.mrzFormat = mrz.format().name();
        document.issuingState = mrz.issuingState();
        document.nationality = mrz.nationality();
        document.documentHash = documentHash;
        document.holderName = (mrz.secondaryIdentifier() + " " + mrz.primaryIdentifier()).strip();
        DocumentRequest.VisualZone viz = request.visualZone();
        if (viz != null && viz.address() != null) {
            String country = Countries.alpha2(viz.address().country()).orElseThrow(() ->
                    ProblemException.invalidField("visualZone.address.country", "unknown ISO 3166 country code"));
            ShippingAddressDetector.Place place = ShippingAddressDetector.Place.of(country, viz.address().postcode());
            document.addressCountry = place.country();
            document.addressPostcode = place.postcode();
        }
        document.photoHash = request.photoHash() == null ? null : Long.parseUnsignedLong(request.photoHash(), 16);
        document.failedChecks = String.join(",", checks.stream().filter(c -> !c.passed()).map(MrzValidator.Check::check).toList());
        document.receivedAt = Instant.now();
        document.persist();
        document.indexPhoto();
        return document;
    }
}
