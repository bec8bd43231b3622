package dev.firebreak.identity.document;

import dev.firebreak.identity.api.DocumentRequest;
import dev.firebreak.identity.nexus.Countries;
import dev.firebreak.identity.nexus.DprkNexusDetector;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.nexus.Sighting;
import dev.firebreak.identity.signal.SignalPublisher;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses, checks and stores documents; raises their signals and observations in the same transaction. */
@ApplicationScoped
public class DocumentService {

    private final IdentifierHasher hasher;
    private final SignalPublisher publisher;
    private final DprkNexusDetector nexus = new DprkNexusDetector();

    public DocumentService(IdentifierHasher hasher, SignalPublisher publisher) {
        this.hasher = hasher;
        this.publisher = publisher;
    }

    public record Check(String check, boolean passed, String reason) {
    }

    public record Result(long documentId, String workerId, boolean duplicate, String mrzFormat, List<Check> checks,
                         List<SignalPublisher.Raised> signals) {
    }

    @Transactional
    public Result submit(String tenantId, DocumentRequest request) {
        Mrz mrz;
        try {
            mrz = Mrz.parse(request.mrz());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("mrz", e.getMessage());
        }
        String documentHash = hasher.hash(mrz.issuingState() + "|" + mrz.documentNumber());
        Document existing = Document.find(tenantId, request.workerId(), request.source(), documentHash).orElse(null);
        Document document = existing != null ? existing : store(tenantId, request, mrz, documentHash);

        DocumentRequest.VisualZone viz = request.visualZone();
        List<Finding> findings = nexus.inspectDocument(new DprkNexusDetector.DocumentFacts(request.documentType(),
                request.source(), documentHash, mrz.issuingState(), mrz.nationality(),
                viz == null ? null : viz.issuingState(), viz == null ? null : viz.nationality()));
        List<SignalPublisher.Raised> raised = publisher.raise(tenantId, request.workerId(), document.receivedAt, findings);

        List<Sighting> sightings = new ArrayList<>();
        sightings.add(new Sighting("DOCUMENT", documentHash, "document:" + documentHash));
        Countries.alpha2(mrz.nationality()).ifPresent(c ->
                sightings.add(new Sighting("DOCUMENT_COUNTRY", c, "document:" + documentHash)));
        publisher.observe(tenantId, request.workerId(), document.receivedAt, sightings);

        List<Check> checks = List.of(
                new Check("mrz-structure", true, "an ICAO 9303 " + mrz.format() + " zone"),
                new Check("dprk-nexus", findings.isEmpty(), findings.isEmpty()
                        ? "neither issuing state nor nationality is PRK"
                        : String.valueOf(((Map<?, ?>) findings.getFirst().evidence()).get("explanation"))));
        return new Result(document.id, request.workerId(), existing != null, mrz.format().name(), checks, raised);
    }

    private static Document store(String tenantId, DocumentRequest request, Mrz mrz, String documentHash) {
        Document document = new Document();
        document.tenantId = tenantId;
        document.workerId = request.workerId();
        document.source = request.source();
        document.documentType = request.documentType();
        document.mrzFormat = mrz.format().name();
        document.issuingState = mrz.issuingState();
        document.nationality = mrz.nationality();
        document.documentHash = documentHash;
        document.receivedAt = Instant.now();
        document.persist();
        return document;
    }
}
