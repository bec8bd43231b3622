package dev.firebreak.identity;

import dev.firebreak.identity.document.CheckDigits;
import dev.firebreak.identity.document.Mrz;
import dev.firebreak.identity.document.MrzValidator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zones composed from random fields with correct check digits parse back and verify; one changed character fails. */
class MrzPropertiesTest {

    private static final MrzValidator VALIDATOR = new MrzValidator(LocalDate.of(2026, 11, 25));

    record Fields(String number, String state, String surname, String given, LocalDate birth, LocalDate expiry,
                  char sex, String personal) {
    }

    @Provide
    Arbitrary<Fields> fields() {
        Arbitrary<String> number = Arbitraries.strings().withChars("ABCDEFGHJKLMNPRSTUVWXYZ0123456789").ofLength(9);
        Arbitrary<String> state = Arbitraries.of("GBR", "DEU", "FRA", "POL", "CHN", "PRK", "KOR", "USA", "VNM", "NLD");
        Arbitrary<String> name = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(2).ofMaxLength(12);
        Arbitrary<LocalDate> birth = Arbitraries.integers().between(0, 30_000).map(d -> LocalDate.of(1940, 1, 1).plusDays(d));
        Arbitrary<LocalDate> expiry = Arbitraries.integers().between(1, 3_650).map(d -> LocalDate.of(2026, 11, 26).plusDays(d));
        Arbitrary<Character> sex = Arbitraries.of('M', 'F', 'X');
        Arbitrary<String> personal = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789").ofMaxLength(14);
        return Combinators.combine(number, state, name, name, birth, expiry, sex, personal).as(Fields::new);
    }

    static List<String> td3(Fields f) {
        String line1 = pad("P<" + f.state() + f.surname() + "<<" + f.given(), 44);
        String personal = pad(f.personal(), 14);
        String dob = yymmdd(f.birth());
        String exp = yymmdd(f.expiry());
        String upper = f.number() + CheckDigits.of(f.number()) + f.state() + dob + CheckDigits.of(dob) + f.sex() + exp
                + CheckDigits.of(exp) + personal + (f.personal().isEmpty() ? '<' : CheckDigits.of(personal));
        String composite = upper.substring(0, 10) + upper.substring(13, 20) + upper.substring(21, 43);
        return List.of(line1, upper + CheckDigits.of(composite));
    }

    static List<String> td1(Fields f) {
        String dob = yymmdd(f.birth());
        String exp = yymmdd(f.expiry());
        String line1 = pad("I<" + f.state() + f.number() + CheckDigits.of(f.number()), 30);
        String line2 = dob + CheckDigits.of(dob) + f.sex() + exp + CheckDigits.of(exp) + f.state() + "<".repeat(11);
        String composite = line1.substring(5, 30) + line2.substring(0, 7) + line2.substring(8, 15) + line2.substring(18, 29);
        return List.of(line1, line2 + CheckDigits.of(composite), pad(f.surname() + "<<" + f.given(), 30));
    }

    @Property(tries = 300)
    void aCorrectTd3ParsesBackAndVerifies(@ForAll("fields") Fields f) {
        Mrz mrz = Mrz.parse(td3(f));
        assertEquals(Mrz.Format.TD3, mrz.format());
        assertEquals(f.number(), mrz.documentNumber());
        assertEquals(f.state(), mrz.nationality());
        assertEquals(f.surname(), mrz.primaryIdentifier());
        assertEquals(f.personal(), mrz.optionalData2());
        List<MrzValidator.Check> checks = VALIDATOR.validate(mrz, null);
        assertTrue(checks.stream().allMatch(MrzValidator.Check::passed), checks.toString());
    }

    @Property(tries = 300)
    void aCorrectTd1ParsesBackAndVerifies(@ForAll("fields") Fields f) {
        Mrz mrz = Mrz.parse(td1(f));
        assertEquals(Mrz.Format.TD1, mrz.format());
        assertEquals(f.number(), mrz.documentNumber());
        assertEquals(yymmdd(f.birth()), mrz.dateOfBirth());
        assertTrue(VALIDATOR.validate(mrz, null).stream().allMatch(MrzValidator.Check::passed));
    }

    @Property(tries = 300)
    void changingOneCharacterOfACheckedFieldFailsACheck(@ForAll("fields") Fields f,
                                                         @ForAll("positions") int position) {
        List<String> lines = td3(f);
        String line2 = lines.get(1);
        char original = line2.charAt(position);
        // a value one apart: 7-3-1 weighting detects every such change (a change by ten, e.g. G to Q, it cannot)
        char replacement = Character.isDigit(original) ? (char) ('0' + (original - '0' + 1) % 10)
                : (original == 'Z' ? 'Y' : (char) (original + 1));
        String changed = line2.substring(0, position) + replacement + line2.substring(position + 1);
        List<MrzValidator.Check> checks = VALIDATOR.validate(Mrz.parse(List.of(lines.get(0), changed)), null);
        assertFalse(checks.stream().filter(c -> c.check().startsWith("check-digit:")).allMatch(MrzValidator.Check::passed),
                "position " + position + ": " + checks);
    }

    /** Positions of line 2 covered by a check digit: document number, birth and expiry dates. */
    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26);
    }

    private static String yymmdd(LocalDate date) {
        return String.format("%02d%02d%02d", date.getYear() % 100, date.getMonthValue(), date.getDayOfMonth());
    }

    private static String pad(String s, int length) {
        return (s + "<".repeat(length)).substring(0, length);
    }
}
