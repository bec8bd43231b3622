package dev.firebreak.identity.consistency;

import dev.firebreak.identity.config.IdentitySettings;
import dev.firebreak.identity.document.Document;
import dev.firebreak.identity.nexus.Countries;
import dev.firebreak.identity.profile.Profile;
import dev.firebreak.identity.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** Re-reads one worker's documents and profiles after each change and raises what disagrees. */
@ApplicationScoped
public class ConsistencyService {

    private final SignalPublisher publisher;
    private final ConsistencyDetector detector;

    public ConsistencyService(SignalPublisher publisher, IdentitySettings.Checks settings) {
        this.publisher = publisher;
        this.detector = new ConsistencyDetector(settings.contactChangeWindow(), settings.profilePhotoMaxHammingDistance(),
                settings.sameNameScore());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<SignalPublisher.Raised> reassess(String tenantId, String workerId, Instant observedAt) {
        WorkerFacts facts = new WorkerFacts(
                Document.forWorker(tenantId, workerId).stream().map(d -> new WorkerFacts.DocumentFact(d.id, d.source,
                        d.holderName, Countries.alpha2(d.nationality).orElse(null), d.addressCountry,
                        d.photoHash)).toList(),
                Profile.forWorker(tenantId, workerId).stream().map(p -> new WorkerFacts.ProfileFact(p.id, p.source,
                        p.observedAt, p.fullName, p.nationality, p.locationCountry, p.phoneHash, p.phoneCountry, p.phoneType,
                        p.phoneValid, p.emailHash, p.emailDisposable, p.photoHash, p.hasPhoto,
                        History.fromJson(p.history))).toList());
        return publisher.raise(tenantId, workerId, observedAt, detector.inspect(facts));
    }
}
