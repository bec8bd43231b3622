package dev.firebreak.identity;

import dev.firebreak.identity.consistency.ConsistencyDetector;
import dev.firebreak.identity.consistency.History;
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

    /**
     * Issue 30: a UK resident with a Guernsey, Jersey or Isle of Man mobile (+44 7781, +44 7797, +44 7624: the UK's
     * numbering plan, libphonenumber's regions GG, JE, IM) has no phone of a third country; a Russian number still is.
     */
    @Test
    void aCrownDependencyPhoneOnAUkProfileIsTheUksPlan() {
        for (String number : List.of("+44 7781 100000", "+44 7797 123456", "+44 7624 123456")) {
            String region = PhoneNumbers.parse(number, null).orElseThrow().region();
            assertTrue(List.of("GG", "JE", "IM").contains(region), number + " " + region);
            assertTrue(codes(new WorkerFacts(List.of(new DocumentFact(1, "kyc", "ANNA NOWAK", "GB", null, null)),
                    List.of(profile(1, "cv", T, null, "GB", "p1", region, "e1")))).isEmpty(), number);
        }
        assertTrue(PhoneNumbers.samePlan("CA", "US"));
        assertTrue(!PhoneNumbers.samePlan("RU", "GB") && !PhoneNumbers.samePlan(null, "GB"));
        assertEquals(0.5, codes(new WorkerFacts(List.of(new DocumentFact(1, "kyc", "ANNA NOWAK", "GB", null, null)),
                List.of(profile(1, "cv", T, null, "GB", "p1", "RU", "e1")))).get("ID-03").confidence());
    }

    private static ProfileFact cv(long id, String source, Instant at, List<History.Entry> history) {
        return new ProfileFact(id, source, at, "Anna Nowak", null, null, null, null, null, null, null, null, null, null,
                history);
    }

    private static History.Entry job(String organisation, String from, String to) {
        return History.read(History.Kind.EMPLOYMENT, "employment", List.of(to == null
                ? Map.of("employer", organisation, "from", from) : Map.of("employer", organisation, "from", from, "to", to)))
                .getFirst();
    }

    /**
     * Issue 30: ID-05 from the education and employment the sources give. A worker's history told differently (an
     * employer's dates moved by years; a settled job replaced by another over the same months; a job said to be
     * current, later said to have ended long before) is ID-05; what people ordinarily do to a CV is not.
     */
    @Test
    void historyToldDifferentlyIsId05AndAnOrdinaryCvUpdateIsNot() {
        Instant later = T.plus(Duration.ofDays(200));
        List<History.Entry> first = List.of(job("Acme Software Ltd.", "2018-03", "2021-06"), job("Borealis Data", "2021-07", null));
        // ordinary: a new job, the old current one ended, a forgotten early job added, a date corrected by four
        // months, the legal form written otherwise; another source with the same history
        List<History.Entry> updated = List.of(job("ACME Software Limited", "2018-07", "2021-06"),
                job("Borealis Data", "2021-07", "2026-12"), job("Cobalt Labs", "2027-01", null), job("Dunmore Print", "2016-01", "2017-12"));
        assertTrue(codes(new WorkerFacts(List.of(), List.of(cv(1, "cv", T, first), cv(2, "cv", later, updated),
                cv(3, "platform", later, first)))).get("ID-05") == null);
        // ordinary: an old job dropped from the CV
        assertTrue(codes(new WorkerFacts(List.of(), List.of(cv(1, "cv", T, first),
                cv(2, "cv", later, List.of(job("Borealis Data", "2021-07", null)))))).get("ID-05") == null);

        // the employer's start moved by three years between two sources
        Finding moved = codes(new WorkerFacts(List.of(), List.of(cv(1, "cv", T, first),
                cv(2, "platform", later, List.of(job("Acme Software", "2015-03", "2021-06")))))).get("ID-05");
        assertEquals(0.6, moved.confidence());
        assertTrue(moved.evidence().get("explanation").toString().contains("start moved from 2018-03 to 2015-03"),
                moved.evidence().toString());
        assertEquals(List.of("profile:1", "profile:2"), moved.triggeringIds());
        // a settled job replaced by another over the same months, in the same source
        Finding rewritten = codes(new WorkerFacts(List.of(), List.of(cv(1, "cv", T, first), cv(2, "cv", later,
                List.of(job("Greenwich Fintech", "2018-01", "2021-06"), job("Borealis Data", "2021-07", null)))))).get("ID-05");
        assertTrue(rewritten.evidence().get("explanation").toString().contains("replaced by another organisation"),
                rewritten.evidence().toString());
        // current in November 2026, later said to have ended in 2023
        Finding ended = codes(new WorkerFacts(List.of(), List.of(cv(1, "cv", T, first), cv(2, "cv", later,
                List.of(job("Acme Software", "2018-03", "2021-06"), job("Borealis Data", "2021-07", "2023-02")))))).get("ID-05");
        assertTrue(ended.evidence().get("explanation").toString().contains("ongoing in 2026-11"), ended.evidence().toString());
    }

    @Test
    void historyEntriesAreReadOrRefusedWithTheirField() {
        List<History.Entry> read = History.read(History.Kind.EDUCATION, "education",
                List.of(Map.of("institution", "Université de Lyon", "start", "2012", "end", "2015-06-30")));
        assertEquals("universite de lyon", read.getFirst().key());
        assertEquals(java.time.YearMonth.of(2012, 1), read.getFirst().from());
        assertEquals(read, History.fromJson(History.toJson(read)));
        History.Invalid noName = org.junit.jupiter.api.Assertions.assertThrows(History.Invalid.class,
                () -> History.read(History.Kind.EMPLOYMENT, "employment", List.of(Map.of("from", "2020"))));
        assertEquals("employment[0].organisation", noName.field);
        History.Invalid badDate = org.junit.jupiter.api.Assertions.assertThrows(History.Invalid.class,
                () -> History.read(History.Kind.EMPLOYMENT, "employment", List.of(Map.of("employer", "X", "from", "last spring"))));
        assertEquals("employment[0].from", badDate.field);
        org.junit.jupiter.api.Assertions.assertThrows(History.Invalid.class, () -> History.read(History.Kind.EMPLOYMENT,
                "employment", List.of(Map.of("employer", "X", "from", "2020-05", "to", "2019"))));
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
