package dev.firebreak.contract;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedFlagCatalogueTest {

    private final RedFlagCatalogue catalogue = RedFlagCatalogue.standard();

    @Test
    void holdsEveryCodeOfRedFlagsMd() {
        List<String> expected = Stream.of(
                IntStream.rangeClosed(1, 13).mapToObj(i -> "ID-%02d".formatted(i)),
                IntStream.rangeClosed(1, 18).mapToObj(i -> "PL-%02d".formatted(i)),
                IntStream.rangeClosed(1, 13).mapToObj(i -> "PM-%02d".formatted(i)),
                IntStream.rangeClosed(1, 2).mapToObj(i -> "NW-%02d".formatted(i)))
                .flatMap(s -> s).toList();
        assertEquals(expected, catalogue.all().stream().map(RedFlag::code).toList());
    }

    @Test
    void severitiesAndCategoriesFollowTheCatalogue() {
        assertEquals(Severity.CRITICAL, catalogue.require("ID-10").severity());
        assertEquals(Severity.CRITICAL, catalogue.require("ID-09").severity());
        assertEquals(Severity.CRITICAL, catalogue.require("PL-15").severity());
        assertEquals(Severity.CRITICAL, catalogue.require("PM-13").severity());
        assertEquals(Severity.HIGH, catalogue.require("ID-07").severity());
        assertEquals(Severity.INFO, catalogue.require("PL-16").severity());
        assertEquals(Severity.INFO, catalogue.require("PL-18").severity());
        assertEquals(Severity.LOW, catalogue.require("PM-05").severity());
        assertEquals(Category.PAYMENT, catalogue.require("PM-07").category());
        assertEquals(Category.NETWORK, catalogue.require("NW-01").category());
        catalogue.all().forEach(flag -> assertEquals(expectedCategory(flag.code()), flag.category(), flag.code()));
    }

    @Test
    void everyFlagQuotesTheAdvisory() {
        for (RedFlag flag : catalogue.all()) {
            assertFalse(flag.advisoryPassage().isBlank(), flag.code());
            assertFalse(flag.advisorySection().isBlank(), flag.code());
        }
        assertTrue(catalogue.require("PL-03").advisoryPassage().contains("continuously for 1+ days"));
    }

    @Test
    void unknownCodeIsRejected() {
        assertFalse(catalogue.contains("ID-99"));
        assertTrue(catalogue.find("XX-01").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> catalogue.require("ID-99"));
    }

    private static Category expectedCategory(String code) {
        return switch (code.substring(0, 2)) {
            case "ID" -> Category.IDENTITY;
            case "PL" -> Category.PLATFORM;
            case "PM" -> Category.PAYMENT;
            case "NW" -> Category.NETWORK;
            default -> throw new AssertionError(code);
        };
    }
}
