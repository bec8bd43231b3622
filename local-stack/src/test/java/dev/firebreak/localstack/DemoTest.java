package dev.firebreak.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo moves its scenarios to the present by whole days, so that no code's lifetime has run out. */
class DemoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Demo.Scenario scenario(String body) throws Exception {
        return new Demo.Scenario("s", "", "demo-hiring", "w", "CLEAR", List.of(new Demo.Call("identity-service", "/x", JSON.readTree(body))));
    }

    @Test
    void theLatestTimeMovesToTheDayBeforeNowAndEveryTimeMovesAlike() throws Exception {
        Demo.Scenario s = scenario("""
                {"observedAt": "2026-11-03T08:00:00Z", "nested": [{"occurredAt": "2026-11-13T08:00:00Z", "note": "2026-11-13T08:00:00Z"}],
                 "mrz": ["P<PHLREYES<<DANIEL"]}""");
        Instant now = Instant.parse("2027-06-01T12:00:00Z");
        Duration shift = Demo.shift(List.of(s), now);
        assertEquals(0, shift.toSeconds() % 86_400, "whole days");
        JsonNode moved = Demo.moved(s.requests().getFirst().body().deepCopy(), shift);
        Instant latest = Instant.parse(moved.path("nested").get(0).path("occurredAt").asText());
        assertTrue(latest.isBefore(now) && latest.isAfter(now.minus(Duration.ofDays(2))), latest.toString());
        assertEquals(Duration.ofDays(10), Duration.between(Instant.parse(moved.path("observedAt").asText()), latest),
                "the spacing is kept");
        assertEquals("2026-11-13T08:00:00Z", moved.path("nested").get(0).path("note").asText(), "only the time fields move");
        // already recent: nothing moves
        assertEquals(Duration.ZERO, Demo.shift(List.of(s), Instant.parse("2026-11-14T00:00:00Z")));
        // the examples themselves
        Path examples = Path.of("../examples");
        if (Files.isDirectory(examples)) {
            assertTrue(Demo.shift(Demo.scenarios(examples), Instant.parse("2030-01-01T00:00:00Z")).toDays() > 1_000);
        }
    }
}
