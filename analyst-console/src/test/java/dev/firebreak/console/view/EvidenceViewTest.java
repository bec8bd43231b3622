package dev.firebreak.console.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of evidence the detectors give, as a person reads it. */
class EvidenceViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EvidenceView.Rendered render(String json) throws Exception {
        return EvidenceView.render(JSON.readTree(json));
    }

    private static EvidenceView.Item item(EvidenceView.Rendered r, String label) {
        return r.items().stream().filter(i -> i.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " in " + r.items()));
    }

    @Test
    void theDetectorsSentenceComesFirstAndIsNotRepeatedAsADetail() throws Exception {
        EvidenceView.Rendered r = render("{\"explanation\":\"Three logins from Pyongyang within an hour\",\"country\":\"KP\"}");
        assertEquals("Three logins from Pyongyang within an hour", r.explanation());
        assertEquals(List.of("Country"), r.items().stream().map(EvidenceView.Item::label).toList());
        assertEquals("KP", item(r, "Country").text());
    }

    @Test
    void aLinkingPathIsARowPerStepWithHashesShortenedAndKeptWhole() throws Exception {
        String hash = "v1:" + "ab".repeat(28) + "12345678";
        EvidenceView.Rendered r = render("{\"linkedWorker\":\"w-2\",\"linkedWorkerTier\":\"HIGH_RISK\",\"path\":"
                + "[{\"from\":\"w-1\",\"to\":\"w-2\",\"identifierType\":\"DEVICE\",\"identifier\":\"" + hash + "\","
                + "\"seenBy\":[\"identity-service\",\"platform-signals-service\"]}]}");
        assertEquals("Linked worker", r.items().get(0).label());
        assertEquals("w-2", r.items().get(0).text());
        EvidenceView.Item path = item(r, "Linked through");
        assertTrue(path.hasRows());
        List<EvidenceView.Item> step = path.rows().getFirst().cells();
        EvidenceView.Item identifier = step.stream().filter(c -> c.label().equals("Identifier")).findFirst().orElseThrow();
        assertEquals("keyed hash …12345678", identifier.text());
        assertEquals(hash, identifier.title());
        assertEquals("identity-service, platform-signals-service",
                step.stream().filter(c -> c.label().equals("Seen by")).findFirst().orElseThrow().text());
    }

    @Test
    void flagsTimesNumbersAndListsAreInWords() throws Exception {
        EvidenceView.Rendered r = render("{\"ownCountry\":true,\"at\":\"2026-11-20T10:05:00Z\",\"amount\":12500,"
                + "\"score\":0.9375,\"speedKmh\":4210.5,\"ips\":[\"203.0.113.5\",\"198.51.100.7\"],\"vpn\":false}");
        assertEquals("yes", item(r, "The worker's own country").text());
        assertEquals("20 Nov 2026, 10:05 UTC", item(r, "When").text());
        assertEquals("2026-11-20T10:05:00Z", item(r, "When").title());
        assertEquals("12,500", item(r, "Amount").text());
        assertEquals("0.94", item(r, "Match score").text());
        assertEquals("4,210.50", item(r, "Speed kmh").text());
        assertEquals("203.0.113.5, 198.51.100.7", item(r, "IP addresses").text());
        assertEquals("no", item(r, "Vpn").text());
    }

    @Test
    void nestedDetailsAndUnknownKeysAreShownLabelledFromTheirNames() throws Exception {
        EvidenceView.Rendered r = render("{\"transfers\":[{\"amount\":900,\"currency\":\"USD\",\"to\":\"p-1\"},"
                + "{\"amount\":950,\"currency\":\"USD\",\"to\":\"p-2\"}],\"payoutAccount\":{\"country\":\"CN\",\"sharedWith\":3},"
                + "\"windowHours\":24}");
        assertEquals(2, item(r, "Transfers").rows().size());
        assertEquals("900", item(r, "Transfers").rows().get(0).cells().stream()
                .filter(c -> c.label().equals("Amount")).findFirst().orElseThrow().text());
        EvidenceView.Item account = item(r, "Payout account");
        assertEquals(1, account.rows().size());
        assertEquals("CN", account.rows().getFirst().cells().getFirst().text());
        assertEquals("24", item(r, "Window hours").text());
    }

    @Test
    void nothingOrNullsRenderNothingAndTextStaysText() throws Exception {
        assertTrue(EvidenceView.render(null).isEmpty());
        assertTrue(render("{}").isEmpty());
        assertTrue(render("{\"country\":null,\"ips\":[]}").isEmpty());
        EvidenceView.Rendered text = render("\"a plain sentence\"");
        assertEquals("a plain sentence", text.explanation());
        // text that merely looks like a time or a hash is left alone
        EvidenceView.Rendered r = render("{\"note\":\"2026 was the year\",\"ref\":\"v1:short\"}");
        assertEquals("2026 was the year", item(r, "Note").text());
        assertEquals("v1:short", item(r, "Ref").text());
        assertNull(item(r, "Ref").title());
    }

    @Test
    void labelsReadAsWords() {
        assertEquals("Linked worker tier", EvidenceView.label("linkedWorkerTier"));
        assertEquals("Ips seen", EvidenceView.label("ips_seen"));
        assertEquals("X", EvidenceView.label("x"));
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
