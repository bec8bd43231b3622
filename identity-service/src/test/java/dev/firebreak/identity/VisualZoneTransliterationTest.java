package dev.firebreak.identity;

import dev.firebreak.identity.document.VisualZoneTransliteration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisualZoneTransliterationTest {

    @Test
    void nationalCharactersHaveTheirDoc9303Forms() {
        assertTrue(VisualZoneTransliteration.agrees("Müller", "MUELLER", false));
        assertTrue(VisualZoneTransliteration.agrees("Müller", "MULLER", false));
        assertTrue(VisualZoneTransliteration.agrees("Strauß", "STRAUSS", false));
        assertTrue(VisualZoneTransliteration.agrees("Ångström", "AANGSTROEM", false));
        assertTrue(VisualZoneTransliteration.agrees("Þórsdóttir", "THORSDOTTIR", false));
        assertTrue(VisualZoneTransliteration.agrees("José María", "JOSE MARIA", false));
        assertTrue(VisualZoneTransliteration.agrees("O'Neill-Smith", "ONEILL SMITH", false));
        assertFalse(VisualZoneTransliteration.agrees("Müller", "MILLER", false));
        assertFalse(VisualZoneTransliteration.agrees("Strauß", "STRAUS", false));
    }

    @Test
    void aFullFieldMayHoldATruncatedName() {
        assertTrue(VisualZoneTransliteration.agrees("Schwarzenegger-Brückenhausen", "SCHWARZENEGGER BRUECK", true));
        assertFalse(VisualZoneTransliteration.agrees("Schwarzenegger-Brückenhausen", "SCHWARZENEGGER BRUECK", false));
        assertFalse(VisualZoneTransliteration.agrees("Schwarzenegger", "SCHWARZENEGGEX", true));
    }

    @Test
    void separatorRunsAgainstALongFillerRunAreAnsweredAtOnce() {
        // a regular expression built from this name backtracked exponentially on the MRZ form below
        String visual = "A" + " -".repeat(60) + " B";
        String mrz = "A" + " ".repeat(200) + "C";
        VisualZoneTransliteration.agrees("Müller", "MUELLER", false); // the classes loaded, not timed
        long started = System.nanoTime();
        assertFalse(VisualZoneTransliteration.agrees(visual, mrz, false));
        assertFalse(VisualZoneTransliteration.agrees(visual, mrz, true));
        assertTrue(VisualZoneTransliteration.agrees(visual, "A" + " ".repeat(200) + "B", false));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 50, "answered in " + millis + " ms");
    }

    @Test
    void separatorsAndTruncationKeepTheirMeaning() {
        assertTrue(VisualZoneTransliteration.agrees("Kim  Jong-un", "KIM  JONG UN", false));
        assertFalse(VisualZoneTransliteration.agrees("Kim  Jong-un", "KIM JONG UN", false), "two separators need two fillers");
        assertTrue(VisualZoneTransliteration.agrees("Anna-", "ANNA", true), "cut at a separator");
        assertTrue(VisualZoneTransliteration.agrees("Jörg", "JO", true), "cut inside Ö's form OE");
        assertFalse(VisualZoneTransliteration.agrees("Jörg", "JOX", true));
        assertFalse(VisualZoneTransliteration.agrees("Ann", "ANNA", true), "longer than the name");
        assertTrue(VisualZoneTransliteration.agrees("Günther", "GUXXNTHER", false));
    }
}
