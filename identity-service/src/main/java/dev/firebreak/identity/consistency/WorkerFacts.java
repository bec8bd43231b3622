package dev.firebreak.identity.consistency;

import java.time.Instant;
import java.util.List;

/** What identity-service holds about one worker, as the consistency detectors read it. */
public record WorkerFacts(List<DocumentFact> documents, List<ProfileFact> profiles) {

    /** A document: its nationality and address country (alpha-2), its photo. */
    public record DocumentFact(long id, String source, String holderName, String nationality, String addressCountry,
                               Long photoHash) {
    }

    /** A profile snapshot of one source. */
    public record ProfileFact(long id, String source, Instant observedAt, String fullName, String nationality,
                              String locationCountry,
                              String phoneHash, String phoneRegion, String phoneType, Boolean phoneValid,
                              String emailHash, Boolean emailDisposable, Long photoHash, Boolean hasPhoto,
                              List<History.Entry> history) {

        /** A snapshot without education or employment (the detectors' tests of other codes). */
        public ProfileFact(long id, String source, Instant observedAt, String fullName, String nationality,
                           String locationCountry, String phoneHash, String phoneRegion, String phoneType,
                           Boolean phoneValid, String emailHash, Boolean emailDisposable, Long photoHash,
                           Boolean hasPhoto) {
            this(id, source, observedAt, fullName, nationality, locationCountry, phoneHash, phoneRegion, phoneType,
                    phoneValid, emailHash, emailDisposable, photoHash, hasPhoto, List.of());
        }
    }
}
