package dev.firebreak.identity;

import dev.firebreak.identity.consistency.ConsistencyDetector;
import dev.firebreak.identity.consistency.WorkerFacts.DocumentFact;
import dev.firebreak.identity.consistency.WorkerFacts.ProfileFact;
import dev.firebreak.identity.consistency.WorkerFacts;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.profile.PhoneNumbers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsistencyDetectorTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private final ConsistencyDetector detector = new ConsistencyDetector(Duration.ofDays(90), 10, 0.85);

    private static ProfileFact profile(long id, String source, Instant at, String nationality, String location,
                                       String phone, String phoneRegion, String email) {
        return new ProfileFact(id, source, at, "Anna Nowak", nationality, location, phone, phoneRegion, "MOBILE", true, email,
                false, null, null);
    }

    private Map<String, Finding> codes(WorkerFacts facts) {
        return detector.inspect(facts).stream().collect(Collectors.toMap(Finding::code, f -> f));
    }

    @Test
    void aConsistentWorkerRaisesNothing() {
        WorkerFacts facts = new WorkerFacts(List.of(new DocumentFact(1, "kyc", "ANNA NOWAK", "GB", "GB", 0x0F0F0F0F0F0F0F0FL)),
                List.of(profile(1, "cv", T, "GB", "GB", "p1", "GB", "e1"),
                        profile(2, "platform", T, null, "GB", "p1", "GB", "e1")));
        assertTrue(detector.inspect(facts).isEmpty());
    }

    @Test
    void differentNationalitiesAcrossSourcesAreId02NamingTheSources() {
        Finding f = codes(new WorkerFacts(List.of(new DocumentFact(1, "kyc", "ANNA NOWAK", "VN", null, null)),
                List.of(profile(1, "cv", T, "JP", "JP", "p1", "JP", "e1")))).get("ID-02");
        assertEquals(0.8, f.confidence());
        assertTrue(f.evidence().get("sources").toString().contains("document from kyc"), f.evidence().toString());
        assertEquals(List.of("document:1", "profile:1"), f.triggeringIds());
    }

    @Test
    void residenceDisagreementsAreId03() {
        Map<String, Finding> found = codes(new WorkerFacts(List.of(),
                List.of(profile(1, "cv", T, null, "PL", "p1", "PL", "e1"),
                        profile(2, "platform", T, null, "UA", "p1", "PL", "e1"))));
        assertEquals(0.7, found.get("ID-03").confidence());
        Finding thirdCountryPhone = codes(new WorkerFacts(List.of(new DocumentFact(1, "kyc", "ANNA NOWAK", "PL", null, null)),
                List.of(profile(1, "cv", T, null, "PL", "p1", "RU", "e1")))).get("ID-03");
        assertEquals(0.5, thirdCountryPhone.confidence());
        // a phone of the worker's own nationality while living elsewhere is normal
        assertTrue(codes(new WorkerFacts(List.of(new DocumentFact(1, "kyc", "ANNA NOWAK", "IN", null, null)),
                List.of(profile(1, "cv", T, null, "GB", "p1", "IN", "e1")))).isEmpty());
    }

    @Test
    void contactProblemsAreId04() {
        ProfileFact voip = new ProfileFact(1, "cv", T, "Anna Nowak", null, null, "p1", "US", "VOIP", true, "e1", true, null, null);
        Finding f = codes(new WorkerFacts(List.of(), List.of(voip))).get("ID-04");
        assertEquals(0.8, f.confidence());
        assertTrue(f.evidence().get("explanation").toString().contains("VOIP"));
        assertTrue(f.evidence().get("explanation").toString().contains("disposable"));
        Finding changes = codes(new WorkerFacts(List.of(), List.of(
                profile(1, "cv", T, null, null, "p1", null, "e1"),
                profile(2, "cv", T.plus(Duration.ofDays(20)), null, null, "p2", null, "e1"),
                profile(3, "cv", T.plus(Duration.ofDays(40)), null, null, "p3", null, "e1")))).get("ID-04");
        assertTrue(changes.evidence().get("explanation").toString().startsWith("2 changes"));
        assertTrue(codes(new WorkerFacts(List.of(), List.of(
                profile(1, "cv", T, null, null, "p1", null, "e1"),
                profile(2, "cv", T.plus(Duration.ofDays(200)), null, null, "p2", null, "e2")))).isEmpty());
    }

    @Test
    void missingOrDifferentPicturesAreId06() {
        assertEquals("NO_PHOTO", codes(new WorkerFacts(List.of(), List.of(pictured(1, "cv", false),
                pictured(2, "platform", false)))).get("ID-06").evidence().get("kind"));
        ProfileFact withPhoto = new ProfileFact(1, "platform", T, "Anna Nowak", null, null, null, null, null, null, null, null,
                0xFFFFFFFF00000000L, true);
        Finding different = codes(new WorkerFacts(List.of(new DocumentFact(1, "kyc", "ANNA NOWAK", null, null, 0x00000000FFFFFFFFL)),
                List.of(withPhoto))).get("ID-06");
        assertEquals("DIFFERENT_PHOTOS", different.evidence().get("kind"));
        ProfileFact similar = new ProfileFact(1, "platform", T, "Anna Nowak", null, null, null, null, null, null, null, null,
                0x00000000FFFFFFF0L, true);
        assertTrue(codes(new WorkerFacts(List.of(new DocumentFact(1, "kyc", "ANNA NOWAK", null, null, 0x00000000FFFFFFFFL)),
                List.of(similar))).isEmpty());
    }

    @Test
    void aTenantThatSendsNoPicturesSaysNothingAboutThem() {
        // two profiles without a photo field: the platform does not send pictures, which is no evidence (issue 30)
        assertTrue(codes(new WorkerFacts(List.of(), List.of(profile(1, "cv", T, null, null, null, null, null),
                profile(2, "platform", T, null, null, null, null, null)))).isEmpty());
        // one source says no picture, the other says nothing: not "profiles with no picture"
        assertTrue(codes(new WorkerFacts(List.of(), List.of(pictured(1, "cv", false),
                profile(2, "platform", T, null, null, null, null, null)))).isEmpty());
        // a source with a picture it does not send the hash of: the worker has a picture somewhere
        assertTrue(codes(new WorkerFacts(List.of(), List.of(pictured(1, "cv", false), pictured(2, "platform", false),
                pictured(3, "linkedin", true)))).isEmpty());
    }

    private static ProfileFact pictured(long id, String source, Boolean hasPhoto) {
        return new ProfileFact(id, source, T, "Anna Nowak", null, null, null, null, null, null, null, null, null, hasPhoto);
    }

    private static ProfileFact named(long id, String source, Instant at, String name) {
        return new ProfileFact(id, source, at, name, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void namesThatDifferAcrossSourcesOrOverTimeAreId01() {
        DocumentFact passport = new DocumentFact(1, "kyc", "CHOL SU KIM", null, null, null);
        assertTrue(codes(new WorkerFacts(List.of(passport), List.of(named(1, "cv", T, "Kim Cheol-su")))).isEmpty(),
                "a romanisation variant is the same name");
        Finding spelling = codes(new WorkerFacts(List.of(passport), List.of(named(1, "cv", T, "Kim Min-ho")))).get("ID-01");
        assertTrue(spelling.evidence().get("explanation").toString().contains("kim ~ kim (exact)"), spelling.evidence().toString());
        Finding changed = codes(new WorkerFacts(List.of(), List.of(named(1, "platform", T, "Alex Chen"),
                named(2, "platform", T.plusSeconds(86_400), "Alexander Chan")))).get("ID-01");
        assertTrue(changed.evidence().get("explanation").toString().contains("changed on"));
    }

    @Test
    void aProfileNameWithNothingOfTheDocumentsIsId13() {
        DocumentFact passport = new DocumentFact(1, "kyc", "CHOL SU KIM", null, null, null);
        Map<String, Finding> found = codes(new WorkerFacts(List.of(passport), List.of(named(1, "platform", T, "Jake Miller"))));
        assertEquals(0.7, found.get("ID-13").confidence());
        assertTrue(!found.containsKey("ID-01"));
    }

    @Test
    void libphonenumberTypesAndValidity() {
        assertEquals("FIXED_LINE", PhoneNumbers.parse("+44 113 496 0123", null).orElseThrow().type());
        assertTrue(PhoneNumbers.parse("+44 113 496 0123", null).orElseThrow().valid());
        assertEquals("VOIP", PhoneNumbers.parse("+44 56 1234 5678", null).orElseThrow().type());
        assertTrue(!PhoneNumbers.parse("+44 12", null).orElseThrow().valid());
    }
}
