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

    // ---- the rules of issue 28: each test fails without its rule

    private final NameMatcher weighted = NameMatcher.forScreening(NameStatistics.TABLE_ONLY);
    private static final double THRESHOLD = 0.88;

    @Test
    void aOneLetterPartPairsOnlyAsTheInitialOfAPart() {
        // "e" and the "s.a.s." letters are no evidence of "Lucia E Garcia" being a company; "lucia" never pairs
        // with a single letter by similarity
        NameMatcher.Match company = matcher.compare("Lucia E Garcia", "MMAG AGRICULTURA GLOBAL S.A.S.");
        assertTrue(company.score() < 0.5, company.explanation());
        assertTrue(company.pairs().stream().noneMatch(p -> p.left().equals("lucia")), company.explanation());
        NameMatcher.Match initial = matcher.compare("J Smith", "John Smith");
        assertTrue(initial.explanation().contains("j ~ john (initial)"), initial.explanation());
        // an initial proves only its letter: a name matched through one is weaker than the full name
        assertTrue(initial.score() < score("John Smith", "John Smith"));
        assertEquals(0.0, score("A", "Bob"));
    }

    @Test
    void unmatchedPartsOfTheListedNameLowerTheScore() {
        NameMatcher.Match half = weighted.compare("Li Wei", "WEI TA LEE COMPANY");
        assertTrue(half.score() < THRESHOLD, half.explanation());
        assertTrue(half.explanation().contains("unmatched in the second name: ta, co"), half.explanation());
        // a dropped middle name of a rare name still matches
        assertTrue(weighted.compare("Vladimir Putin", "PUTIN, Vladimir Vladimirovich").score() >= THRESHOLD);
    }

    @Test
    void shortPartsPairOnlyAsTheSameNameNeverBySimilarity() {
        // min ~ man, yeon ~ yong, un ~ won, chong ~ hong: one letter apart in a short part is another name
        for (String[] pair : List.of(new String[] {"Kim Min-jun", "KIM, Man Chun"},
                new String[] {"Lee Seo-yeon", "RI SU YONG"}, new String[] {"Kim Chong-un", "KIM, Won Hong"},
                new String[] {"Viktoria Ivanova", "IVANOV, Viktor"}, new String[] {"Jianhua Zhang", "ZHANG, Jian"})) {
            NameMatcher.Match m = weighted.compare(pair[0], pair[1]);
            assertTrue(m.score() < THRESHOLD, pair[0] + " / " + pair[1] + ": " + m.score() + " " + m.explanation());
        }
        assertTrue(weighted.compare("Kim Jong Un", "KIM Chong Un").score() >= THRESHOLD, "a romanisation variant");
        assertTrue(weighted.compare("Mohammed Qadhafi", "Muhammad Qadhafi").score() >= THRESHOLD, "a long part");
    }

    @Test
    void joinedAndSplitPartsAreOneName() {
        for (String[] pair : List.of(new String[] {"Paek Changho", "PAEK CHANG-HO"},
                new String[] {"Jang Myongjin", "CHANG MYONG-JIN"}, new String[] {"Yun Hojin", "YUN HO-JIN"},
                new String[] {"Volasys Silverstar", "VOLASYS SILVER STAR"}, new String[] {"Saifaldin Al Rawi", "SAIF AL DIN AL-RAWI"},
                new String[] {"장명진", "Jang Myong Jin"}, new String[] {"Cho Ilu", "CHO IL U"})) {
            NameMatcher.Match m = weighted.compare(pair[0], pair[1]);
            assertTrue(m.score() >= THRESHOLD, pair[0] + " / " + pair[1] + ": " + m.score() + " " + m.explanation());
        }
        assertTrue(weighted.compare("Paek Changho", "PAEK CHANG-HO").explanation().contains("changho ~ chang ho (written as one)"));
    }

    @Test
    void commonPartsWeighLessThanRareOnes() {
        NameStatistics table = NameStatistics.TABLE_ONLY;
        assertTrue(table.weight(KoreanRomanisation.key("Kim")) < 0.2, "Kim, a fifth of Koreans");
        assertEquals(table.weight(KoreanRomanisation.key("Lee")), table.weight(KoreanRomanisation.key("Ri")), 1e-9);
        assertTrue(table.weight(KoreanRomanisation.key("Volasys")) == 1.0, "a part nobody bears counts fully");
        assertTrue(table.nameShare(List.of("gim", "min", "jon")) >= 1e-7, "Kim Min-jun is a common name");
        assertTrue(table.nameShare(List.of("volasys", "silverstar")) < 1e-7);
        // the same unmatched part costs more when what matched is only common parts
        double common = weighted.compare("Kim Yong", "KIM Yong Pyoksan").score();
        double rare = weighted.compare("Volasys Silver", "VOLASYS Silver Pyoksan").score();
        assertTrue(common < rare, common + " vs " + rare);
    }

    @Test
    void theRomanisationKeyFoldsWhatOneSyllableIsWrittenAsAndNoMore() {
        assertEquals(KoreanRomanisation.key("Ryu"), KoreanRomanisation.key("Yu"), "the initial-sound law: 류 as Yu");
        assertEquals(KoreanRomanisation.key("Ryong"), KoreanRomanisation.key("Yong"));
        assertEquals(KoreanRomanisation.key("Woo"), KoreanRomanisation.key("U"), "우 as Woo or U");
        assertTrue(!KoreanRomanisation.key("Won").equals(KoreanRomanisation.key("Un")), "원 and 운 are two syllables");
        // a one-letter syllable pairs with its longer spelling by key, not as an initial
        NameMatcher.Match woo = weighted.compare("Cho Il Woo", "CHO IL U");
        assertTrue(woo.score() >= THRESHOLD, woo.explanation());
        assertTrue(woo.explanation().contains("woo ~ u (romanisation variant)"), woo.explanation());
    }

    @Test
    void organisationsLegalFormsAreWrittenOneWay() {
        assertEquals(1.0, score("Koryo Trading Corporation", "KORYO TRADING CORP"));
        assertEquals(1.0, score("Wei Ta Lee Company Limited", "WEI TA LEE CO. LTD"));
    }

    @Test
    void spellingVariantsOfTransliterationsPair() {
        assertTrue(score("Tariq Aziz", "Tarik Aziz") >= THRESHOLD);
        assertTrue(score("Yevgeniy Prigozhin", "Yevgeny Prigozhin") >= THRESHOLD);
        assertTrue(score("Mikhail Fradkov", "Mihail Fradkov") >= THRESHOLD);
        assertEquals(0.0, score("Shen", "Chen"), "sh/ch is not folded: Shen and Chen are two surnames");
    }
}
