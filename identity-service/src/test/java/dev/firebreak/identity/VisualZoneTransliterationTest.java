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
}
