package dev.firebreak.identity.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.identity.attestation.Attestation;
import dev.firebreak.identity.consistency.History;
import dev.firebreak.identity.document.Document;
import dev.firebreak.identity.profile.Profile;
import dev.firebreak.identity.shipping.ShippingRecord;
import dev.firebreak.identity.signal.SignalPublisher;
import dev.firebreak.kit.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** What the service holds and concluded about one worker of one tenant. */
@ApplicationScoped
public class WorkerIdentityService {

    private final SignalPublisher publisher;

    public WorkerIdentityService(SignalPublisher publisher) {
        this.publisher = publisher;
    }

    public record DocumentView(long id, String source, String documentType, String mrzFormat, String issuingState,
                               String nationality, String documentHash, List<String> failedChecks, Instant receivedAt) {
    }

    public record ProfileView(long id, String source, Instant observedAt, String fullName, String nationality,
                              String locationCountry, String timezone, String phoneCountry, boolean hasEmail,
                              boolean hasPhone, List<HistoryView> history) {
    }

    /** One education or employment entry of a profile: its type, organisation and months ({@code to} null: ongoing). */
    public record HistoryView(String type, String organisation, String from, String to) {
    }

    public record AttestationView(String kind, Instant observedAt) {
    }

    public record ShippingView(String country, Instant observedAt, boolean cannotReceiveAtIdAddress) {
    }

    public record WorkerIdentity(String workerId, List<DocumentView> documents, List<ProfileView> profiles,
                                 List<AttestationView> attestations, List<ShippingView> shippingRequests,
                                 List<JsonNode> signals) {
    }

    @Transactional
    public WorkerIdentity find(String tenantId, String workerId) {
        List<DocumentView> documents = Document.forWorker(tenantId, workerId).stream()
                .map(d -> new DocumentView(d.id, d.source, d.documentType, d.mrzFormat, d.issuingState, d.nationality,
                        d.documentHash, d.failedChecks.isEmpty() ? List.of() : List.of(d.failedChecks.split(",")),
                        d.receivedAt)).toList();
        List<ProfileView> profiles = Profile.forWorker(tenantId, workerId).stream()
                .map(p -> new ProfileView(p.id, p.source, p.observedAt, p.fullName, p.nationality, p.locationCountry,
                        p.timezone, p.phoneCountry, p.emailHash != null, p.phoneHash != null,
                        History.fromJson(p.history).stream().map(h -> new HistoryView(h.kind().name(), h.organisation(),
                                h.from() == null ? null : h.from().toString(), h.to() == null ? null : h.to().toString()))
                                .toList())).toList();
        List<AttestationView> attestations = Attestation.forWorker(tenantId, workerId).stream()
                .map(a -> new AttestationView(a.kind.name(), a.observedAt)).toList();
        List<ShippingView> shipping = ShippingRecord.forWorker(tenantId, workerId).stream()
                .map(s -> new ShippingView(s.country, s.observedAt, s.cannotReceiveAtIdAddress)).toList();
        if (documents.isEmpty() && profiles.isEmpty() && attestations.isEmpty() && shipping.isEmpty()) {
            throw ProblemException.notFound("worker " + workerId);
        }
        return new WorkerIdentity(workerId, documents, profiles, attestations, shipping,
                publisher.signalsFor(tenantId, workerId));
    }
}
