package dev.firebreak.identity;

import dev.firebreak.identity.screening.Screener;
import dev.firebreak.identity.watchlist.WatchlistEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The screening rules of issue 28 on entries written here: what a query is, what a match proves, joined names. */
class ScreenerTest {

    private static WatchlistEntry entry(String id, String type, String name, List<String> births, List<String> nationalities,
                                        List<String> identifiers) {
        return new WatchlistEntry("TEST", id, type, name, List.of(), births, nationalities, identifiers);
    }

    private static final List<WatchlistEntry> ENTRIES = List.of(
            entry("P1", "INDIVIDUAL", "KIM Yong Chol", List.of("1962-02-18"), List.of("Democratic People's Republic of Korea"),
                    List.of("472310168")),
            entry("P2", "INDIVIDUAL", "PAEK CHANG-HO", List.of(), List.of(), List.of()),
            entry("P3", "INDIVIDUAL", "Volasys Pyoksan", List.of("1975"), List.of(), List.of()),
            entry("E1", "ENTITY", "GARCIA AGRICULTURA GLOBAL S.A.S.", List.of(), List.of(), List.of()),
            entry("E2", "ENTITY", "KORYO SILVERSTAR TRADING", List.of(), List.of(), List.of()),
            entry("V1", "VESSEL", "LUCIA GARCIA", List.of(), List.of(), List.of()),
            entry("I1", "INDIVIDUAL", "Lucia Garcia Lopez", List.of(), List.of(), List.of()),
            entry("U1", "UNKNOWN", "Zarya Quelmont Holdings", List.of(), List.of(), List.of()),
            entry("P4", "INDIVIDUAL", "Orlendo Tashkuri Bravemont", List.of("1975-03-04"), List.of(), List.of()));

    private final Screener screener = new Screener(ENTRIES, Screener.MATCH_THRESHOLD);

    private List<Screener.Match> screen(String name, String birth, String nationality, Screener.SubjectType type) {
        return screener.screen(new Screener.Query(name, birth, nationality, List.of(), type));
    }

    private static List<String> ids(List<Screener.Match> matches) {
        return matches.stream().map(Screener.Match::entryId).toList();
    }

    @Test
    void aPersonIsScreenedAgainstIndividualsOnlyAndAnOrganisationAgainstEntities() {
        assertEquals(List.of("I1"), ids(screen("Lucia Garcia Lopez", null, null, Screener.SubjectType.PERSON)));
        assertEquals(List.of(), ids(screen("Garcia Agricultura Global", null, null, Screener.SubjectType.PERSON)));
        assertEquals(List.of("E1"), ids(screen("Garcia Agricultura Global", null, null, Screener.SubjectType.ORGANISATION)));
        assertEquals(List.of(), ids(screen("Lucia Garcia Lopez", null, null, Screener.SubjectType.ORGANISATION)));
        // an entry of no known type (a LegalEntity) is screened as either
        assertEquals(List.of("U1"), ids(screen("Zarya Quelmont Holdings", null, null, Screener.SubjectType.PERSON)));
        assertEquals(List.of("U1"), ids(screen("Zarya Quelmont Holdings", null, null, Screener.SubjectType.ORGANISATION)));
        // a vessel is never a worker or a payment party, whatever the type
        assertTrue(ids(screen("Lucia Garcia", null, null, null)).stream().noneMatch("V1"::equals));
    }

    @Test
    void aCommonNameAloneIsBelowTheCriticalBarAndCorroborationLiftsIt() {
        Screener.Match alone = screen("Kim Yong Chol", null, null, Screener.SubjectType.PERSON).getFirst();
        assertEquals(Screener.COMMON_NAME, alone.basis());
        assertEquals(Screener.COMMON_NAME_CONFIDENCE, alone.confidence());
        assertTrue(alone.explanation().endsWith(Screener.COMMON_NAME), alone.explanation());

        Screener.Match born = screen("Kim Yong Chol", "1962-02-18", null, Screener.SubjectType.PERSON).getFirst();
        assertEquals(Screener.NAME_AND_BIRTH, born.basis());
        assertEquals(born.score(), born.confidence());
        assertTrue(born.confidence() >= 0.8);
        assertEquals(Screener.NAME_AND_BIRTH,
                screen("Kim Yong Chol", "1962-02", null, Screener.SubjectType.PERSON).getFirst().basis());

        Screener.Match national = screen("Kim Yong Chol", null, "KP", Screener.SubjectType.PERSON).getFirst();
        assertEquals(Screener.NAME_AND_NATIONALITY, national.basis());
        assertTrue(national.confidence() >= 0.8);

        // a contradicting date of birth rules the entry out
        assertEquals(List.of(), ids(screen("Kim Yong Chol", "1990-01-01", null, Screener.SubjectType.PERSON)));

        Screener.Match passport = screener.screen(new Screener.Query("Someone Else", null, null, List.of("472310168"),
                Screener.SubjectType.PERSON)).getFirst();
        assertEquals(Screener.IDENTIFIER, passport.basis());
        assertEquals(1.0, passport.confidence());
    }

    /**
     * Issue 30: an ordinary worker with a common name, whose randomly drawn date of birth fell in a listed person's
     * year, was made CRITICAL. One in some sixty bearers of a common name is born in any given year: the year alone,
     * or a full date that differs from the listed one but for the year, proves no more than the common name.
     */
    @Test
    void aCommonNameWithOnlyTheListedYearIsNoMoreThanTheCommonName() {
        for (String birth : List.of("1962", "1962-07-30", "1962-07")) {
            Screener.Match year = screen("Kim Yong Chol", birth, null, Screener.SubjectType.PERSON).getFirst();
            assertEquals(Screener.COMMON_NAME_AND_YEAR, year.basis(), birth);
            assertEquals(Screener.COMMON_NAME_CONFIDENCE, year.confidence(), birth);
            assertTrue(year.explanation().contains("the year only (1962)"), year.explanation());
        }
        // a rare name keeps its score with the year, and says so
        Screener.Match rare = screen("Volasys Pyoksan", "1975-06-01", null, Screener.SubjectType.PERSON).getFirst();
        assertEquals(Screener.NAME_AND_YEAR, rare.basis());
        assertEquals(rare.score(), rare.confidence());
        assertTrue(rare.confidence() >= 0.8);
    }

    @Test
    void aRareNameAloneKeepsItsScore() {
        Screener.Match rare = screen("Volasys Pyoksan", null, null, Screener.SubjectType.PERSON).getFirst();
        assertEquals(Screener.RARE_NAME, rare.basis());
        assertEquals(rare.score(), rare.confidence());
        assertTrue(rare.confidence() >= 0.8);
    }

    @Test
    void theFullListedDateOfBirthLetsAWeakerNameMatchAtTheCriticalBar() {
        // "Orlendo" alone leaves two of three parts out: below the threshold as a name, a match with the exact
        // listed date of birth, not with its year alone
        assertEquals(List.of(), ids(screen("Orlendo", null, null, Screener.SubjectType.PERSON)));
        assertEquals(List.of(), ids(screen("Orlendo", "1975", null, Screener.SubjectType.PERSON)));
        assertEquals(List.of(), ids(screen("Orlendo", "1975-03-05", null, Screener.SubjectType.PERSON)));
        Screener.Match dated = screen("Orlendo", "1975-03-04", null, Screener.SubjectType.PERSON).getFirst();
        assertEquals("P4", dated.entryId());
        assertEquals(0.8, dated.confidence());
        assertEquals(Screener.NAME_AND_BIRTH, dated.basis());
        assertTrue(dated.score() < Screener.MATCH_THRESHOLD);
    }

    @Test
    void joinedAndSplitNamesFindEachOtherThroughTheIndex() {
        assertEquals(List.of("P2"), ids(screen("Paek Changho", null, null, Screener.SubjectType.PERSON)));
        assertEquals(List.of("P2"), ids(screen("Changho Paek", null, null, Screener.SubjectType.PERSON)));
        assertEquals(List.of("E2"), ids(screen("Koryo Silver Star Trading", null, null, Screener.SubjectType.ORGANISATION)));
        Screener.Match joined = screen("Paek Changho", null, null, Screener.SubjectType.PERSON).getFirst();
        assertTrue(joined.explanation().contains("written as one"), joined.explanation());
    }

    @Test
    void theExplanationNamesWhatWasLeftUnmatched() {
        Screener screener = new Screener(List.of(entry("X", "INDIVIDUAL", "Volasys Pyoksan Orlendo", List.of(),
                List.of(), List.of())), 0.5);
        Screener.Match m = screener.screen(new Screener.Query("Volasys Pyoksan", null, null, List.of(),
                Screener.SubjectType.PERSON)).getFirst();
        assertTrue(m.explanation().contains("unmatched in the listed name: orlendo"), m.explanation());
    }
}
