package dev.firebreak.platform.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fast reading of {@code occurredAt} gives what the JDK's ISO reading gives, and leaves the rest to Jackson. */
class EventTimesTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void theUsualFormsReadAsTheIsoFormatterReadsThem() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            String iso = at.toString(); // the JDK writes 0, 3, 6 or 9 fraction digits
            assertEquals(at, EventTimes.parse(iso), iso);
            String cut = iso.length() > 21 ? iso.substring(0, 20 + random.nextInt(1, iso.length() - 21)) + "Z" : iso;
            assertEquals(Instant.parse(cut), EventTimes.parse(cut), cut);
        }
        for (String s : List.of("2024-02-29T23:59:59.1Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00.000000001Z")) {
            assertEquals(Instant.parse(s), EventTimes.parse(s), s);
        }
    }

    @Test
    void everyOtherFormIsLeftToJacksonWhichAcceptsAndRefusesAsBefore() throws Exception {
        // accepted by the ISO reading, not by the fast one: an offset, lower case, a leap second, the end of a day,
        // a five-digit year, a point without a fraction
        for (String s : List.of("2026-11-02T12:00:00+02:00", "2026-11-02t10:00:00z", "2026-06-30T23:59:60Z",
                "2026-11-02T24:00:00Z", "+12026-11-02T10:00:00Z", "2026-11-02T10:00:00.Z")) {
            assertNull(EventTimes.parse(s), s);
            assertEquals(JSON.readValue("\"" + s + "\"", Instant.class), read(s), s);
        }
        // refused by both: the same Jackson error
        for (String s : List.of("2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-02T25:00:00Z",
                "2026-11-02T10:00:00.1234567890Z", "2026-11-02 10:00:00Z", "2026-1x-02T10:00:00Z", "2026-11-02T10:00Z", "+2026-11-02T10:00:00Z", "yesterday", "")) {
            assertNull(EventTimes.parse(s), s);
            if (!s.isEmpty()) {
                assertThrows(DateTimeParseException.class, () -> Instant.parse(s), s);
                assertThrows(InvalidFormatException.class, () -> read(s), s);
            }
        }
    }

    private static Instant read(String occurredAt) throws Exception {
        return JSON.readValue("{\"eventId\":\"e\",\"type\":\"LOGIN\",\"accountId\":\"a\",\"occurredAt\":\"" + occurredAt + "\"}",
                EventRequest.class).occurredAt;
    }
}
