package dev.firebreak.names;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameMatcherTest {

    private final NameMatcher matcher = new NameMatcher();

    private double score(String a, String b) {
        return matcher.compare(a, b).score();
    }

    @Test
    void koreanRomanisationVariantsOfOneNameMatch() {
        for (String variant : List.of("Kim Jong-un", "Kim Chong-un", "KIM Jong Un", "Kim Jongun", "김정은", "Jong Un Kim")) {
            assertTrue(score("Kim Jong Un", variant) >= 0.9, variant + " scored " + score("Kim Jong Un", variant));
        }
        for (String variant : List.of("KIM Yong Chol", "KIM Yong-chol", "KIM Yong Ch'ol", "KIM Young-Cheol", "KIM Young-Chul")) {
            assertTrue(score("Kim Yong Chol", variant) >= 0.9, variant + " scored " + score("Kim Yong Chol", variant));
        }
        assertTrue(score("Ri Su Yong", "Lee Su-yong") >= 0.9);
        assertTrue(score("Pak Pong Ju", "Park Bong-ju") >= 0.9);
    }

    @Test
    void hangulIsRomanisedSyllableBySyllableInBothSystems() {
        // strictly by the jamo tables: RR writes 김 as Gim (Kim is a convention for surnames, matched by key)
        assertEquals(List.of("Gim Jeong-eun", "Kim Chong-un"), KoreanRomanisation.variants("김정은"));
        assertEquals(List.of("Gim Cheol-su", "Kim Ch'ol-su"), KoreanRomanisation.variants("김철수"));
        assertEquals(List.of("namgung", "min"), KoreanRomanisation.romanise("남궁민", KoreanRomanisation.System.REVISED));
        assertEquals(KoreanRomanisation.key("Gim"), KoreanRomanisation.key("Kim"));
        assertEquals(KoreanRomanisation.key("Ch'ol"), KoreanRomanisation.key("Cheol"));
        assertEquals(KoreanRomanisation.key("Chul"), KoreanRomanisation.key("Chol"));
    }

    @Test
    void otherScriptsAreTransliterated() {
        assertTrue(score("Владимир Путин", "Vladimir Putin") >= 0.9, "Cyrillic");
        assertTrue(score("Putin, Vladimir Vladimirovich", "Vladimir Putin") >= 0.6, "missing patronymic costs little");
        assertTrue(score("Dr. José Müller", "JOSE MULLER") >= 0.99, "titles and diacritics");
    }

    @Test
    void differentPeopleScoreLow() {
        assertTrue(score("Eleanor Hartley", "Kim Chol Su") < 0.3);
        assertTrue(score("John Smith", "Jane Smyth") < 0.9);
        assertTrue(score("Kim Jong Un", "Kim Yo Jong") < 0.9);
    }

    @Test
    void reasonsNameEveryPairAndTheOrder() {
        NameMatcher.Match match = matcher.compare("Jong-un Kim", "KIM Chong Un");
        assertTrue(match.explanation().contains("kim ~ kim (exact)"), match.explanation());
        assertTrue(match.explanation().contains("romanisation variant"), match.explanation());
        assertTrue(match.explanation().contains("token order differs"), match.explanation());
        assertEquals("", matcher.compare("", "x").explanation());
    }
}
