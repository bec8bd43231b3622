package dev.firebreak.identity;

import dev.firebreak.identity.document.Mrz;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MrzTest {

    @Test
    void readsTd3Fields() {
        Mrz mrz = Mrz.parse(Fixtures.PRK_PASSPORT);
        assertEquals(Mrz.Format.TD3, mrz.format());
        assertEquals("P", mrz.documentCode());
        assertEquals("PRK", mrz.issuingState());
        assertEquals("PRK", mrz.nationality());
        assertEquals("745512345", mrz.documentNumber());
    }

    @Test
    void readsTd1FieldsAndSingleLetterStates() {
        // ICAO 9303 part 5 specimen layout: 3 lines of 30; Germany's state code is "D<<"
        Mrz mrz = Mrz.parse(List.of(
                "IDD<<T220001293<<<<<<<<<<<<<<<",
                "6408125<2010315D<<<<<<<<<<<<<4",
                "MUSTERMANN<<ERIKA<<<<<<<<<<<<<"));
        assertEquals(Mrz.Format.TD1, mrz.format());
        assertEquals("D", mrz.issuingState());
        assertEquals("D", mrz.nationality());
        assertEquals("T22000129", mrz.documentNumber());
    }

    @Test
    void readsTd2Fields() {
        Mrz mrz = Mrz.parse(List.of(
                "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
                "D231458907UTO7408122F1204159<<<<<<<6"));
        assertEquals(Mrz.Format.TD2, mrz.format());
        assertEquals("UTO", mrz.issuingState());
        assertEquals("D23145890", mrz.documentNumber());
    }

    @Test
    void lowerCaseAndSurroundingSpaceAreTolerated() {
        Mrz mrz = Mrz.parse(List.of(" " + Fixtures.GBR_PASSPORT.get(0).toLowerCase(), Fixtures.GBR_PASSPORT.get(1)));
        assertEquals("GBR", mrz.issuingState());
    }

    @Test
    void rejectsWhatIsNotAZoneNamingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mrz.parse(List.of("P<PRK", "123")))
                .getMessage().contains("differ in length"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mrz.parse(List.of("A".repeat(40), "B".repeat(40))))
                .getMessage().contains("expected 3x30, 2x36 or 2x44"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Mrz.parse(List.of("P<PRK€" + "<".repeat(38), "<".repeat(44)))).getMessage().contains("line 1"));
        assertThrows(IllegalArgumentException.class, () -> Mrz.parse(List.of()));
    }
}
