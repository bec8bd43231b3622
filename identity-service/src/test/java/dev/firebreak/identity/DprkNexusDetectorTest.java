package dev.firebreak.identity;

import dev.firebreak.identity.nexus.Countries;
import dev.firebreak.identity.nexus.DprkNexusDetector;
import dev.firebreak.identity.nexus.DprkNexusDetector.DocumentFacts;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.profile.PhoneNumbers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DprkNexusDetectorTest {

    private final DprkNexusDetector detector = new DprkNexusDetector();

    @Test
    void aPrkIssuingStateOrNationalityIsTheNexus() {
        List<Finding> both = detector.inspectDocument(new DocumentFacts("PASSPORT", "kyc", "v1:d", "PRK", "PRK", null, null));
        assertEquals(1, both.size());
        assertEquals("ID-10", both.getFirst().code());
        assertEquals(1.0, both.getFirst().confidence());
        assertEquals(List.of("document:v1:d"), both.getFirst().triggeringIds());
        assertEquals(1, detector.inspectDocument(new DocumentFacts("PASSPORT", "kyc", "v1:d", "CHN", "PRK", null, null)).size());
    }

    @Test
    void theVisualZoneAloneGivesSlightlyLessConfidence() {
        List<Finding> viz = detector.inspectDocument(new DocumentFacts("PASSPORT", "kyc", "v1:d", "CHN", "CHN", null, "prk"));
        assertEquals(0.95, viz.getFirst().confidence());
    }

    @Test
    void otherCountriesAndSpecialCodesAreNoNexus() {
        assertTrue(detector.inspectDocument(new DocumentFacts("PASSPORT", "kyc", "v1:d", "KOR", "KOR", "KOR", "KOR")).isEmpty());
        assertTrue(detector.inspectDocument(new DocumentFacts("PASSPORT", "kyc", "v1:d", "UTO", "XXA", null, null)).isEmpty());
    }

    @Test
    void aPlus850NumberIsTheNexusWhateverTheDeclaredCountry() {
        PhoneNumbers.Parsed phone = PhoneNumbers.parse("+850 2 381 2301", "JP").orElseThrow();
        assertEquals(850, phone.callingCode());
        assertEquals("KP", phone.region());
        List<Finding> findings = detector.inspectPhone(phone.callingCode(), phone.valid(), "v1:p", "cv");
        assertEquals(1, findings.size());
        assertEquals("+850", findings.getFirst().evidence().get("callingCode"));
        assertFalse(findings.getFirst().evidence().toString().contains("381"), "no phone digits in the evidence");
    }

    @Test
    void southKoreanAndNationalNumbersAreNoNexus() {
        PhoneNumbers.Parsed seoul = PhoneNumbers.parse("+82 2 312 3456", null).orElseThrow();
        assertTrue(detector.inspectPhone(seoul.callingCode(), seoul.valid(), "v1:p", "cv").isEmpty());
        PhoneNumbers.Parsed london = PhoneNumbers.parse("020 7946 0018", "GB").orElseThrow();
        assertEquals("+442079460018", london.e164());
        assertTrue(detector.inspectPhone(london.callingCode(), london.valid(), "v1:p", "cv").isEmpty());
    }

    @Test
    void countriesAreNormalisedToAlpha2() {
        assertEquals("KP", Countries.alpha2("PRK").orElseThrow());
        assertEquals("GB", Countries.alpha2("gbr").orElseThrow());
        assertEquals("PL", Countries.alpha2("PL").orElseThrow());
        assertTrue(Countries.alpha2("UTO").isEmpty());
        assertTrue(Countries.alpha2("ZZ").isEmpty());
    }
}
