package dev.firebreak.platform.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firebreak.platform.detect.AccountState;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.event.EventType;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The internal records' layout: every field round-trips, and a damaged or unknown record is refused. */
class CodecsTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());


    private final Random random = new Random(7);

    @Test
    void activitiesRoundTripWithEveryKindOfField() {
        for (int i = 0; i < 500; i++) {
            Activity a = activity(i);
            assertEquals(a, Codecs.activity(Codecs.activity(a)));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("openPorts", List.of(3389, 5900));
        fields.put("amount", new BigDecimal("12345.678901234567890"));
        fields.put("huge", new BigInteger("123456789012345678901234567890"));
        fields.put("big", Long.MIN_VALUE);
        fields.put("ratio", -0.25);
        fields.put("ok", true);
        fields.put("nested", Map.of("deep", List.of(Map.of("x", "ü ✓ 🙂"))));
        fields.put("empty", "");
        Activity a = new Activity("e", EventType.MESSAGE, "acc", null, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                "2001:db8::1", null, fields);
        Activity back = Codecs.activity(Codecs.activity(a));
        assertEquals(a, back);
        // numbers keep their Java types, so evidence written from them reads the same
        assertEquals(Integer.class, ((List<?>) back.fields().get("openPorts")).getFirst().getClass());
        assertEquals(Long.class, back.fields().get("big").getClass());
        assertNull(back.workerId());
    }

    @Test
    void accountStateRoundTrips() {
        AccountState s = new AccountState();
        assertStateEquals(s, Codecs.state(Codecs.state(s)));
        s.newest = Instant.parse("2026-11-02T10:00:00.123Z");
        s.prunedAt = Instant.parse("2026-11-02T09:00:00Z");
        s.created = activity(1);
        s.firstBid = activity(2);
        for (int i = 0; i < 3; i++) {
            AccountState.Run r = new AccountState.Run();
            r.start = s.newest.minusSeconds(1000 * i);
            r.startId = "e" + i;
            r.end = r.start.plusSeconds(10);
            r.events = i + 1;
            r.reportedStartId = i == 1 ? "e1" : null;
            r.endId = i == 2 ? null : "f" + i;
            r.closed = i == 0;
            s.runs.add(r);
        }
        s.active = 1L << 40;
        s.outside = 3;
        s.report("PL-01:ip-hopping", s.newest, 4);
        s.report("PL-13", s.prunedAt, 1);
        assertStateEquals(s, Codecs.state(Codecs.state(s)));
        s.counts.ips = 3;
        s.counts.bids = 1L << 33;
        s.counts.cryptoBids = 7;
        s.counts.clientMessages = 11;
        assertStateEquals(s, Codecs.state(Codecs.state(s)));
        assertEquals(1L << 33, Codecs.state(Codecs.state(s)).counts.bids);
        s.tallies.add(Instant.parse("2026-11-02T23:59:59Z"), 0);
        s.tallies.add(Instant.parse("2026-11-03T00:00:00Z"), 2);
        s.tallies.add(Instant.parse("2026-11-20T10:00:00Z"), 1);
        s.tallies.add(Instant.parse("1969-12-31T12:00:00Z"), 1);
        assertStateEquals(s, Codecs.state(Codecs.state(s)));
        s.tallies.dropBefore(AccountState.Tallies.day(Instant.parse("2026-11-03T08:00:00Z")));
        assertEquals(2, s.tallies.days.size());
        AccountState read = Codecs.state(Codecs.state(s));
        assertStateEquals(s, read);
        assertEquals(s.tallies.since, read.tallies.since);
        assertEquals(Long.MIN_VALUE, new AccountState().tallies.since, "a new account's tallies are complete");
    }

    /** A state stored before issue 30 (layout 1, runs without their last event and logout) is still read. */
    @Test
    void anAccountStateOfTheFirstLayoutIsStillRead() {
        // layout 1 written field by field, as the code before issue 30 wrote it
        Binary.Out out = new Binary.Out(64);
        out.write(Codecs.VERSION);
        out.instant(Instant.parse("2026-11-02T10:00:00.123Z"));
        out.instant(null);
        out.write(0); // created, verified, first bid: none
        out.write(0);
        out.write(0);
        out.varint(1); // one run
        out.instant(Instant.parse("2026-11-02T09:00:00Z"));
        out.string("e1");
        out.instant(Instant.parse("2026-11-02T09:30:00Z"));
        out.varint(4);
        out.string(null);
        out.varlong(60); // PL-10's counts
        out.varlong(40);
        out.varint(0); // nothing reported
        out.varlong(2); // ips, bids, crypto bids, client messages
        out.varlong(5);
        out.varlong(0);
        out.varlong(0);
        out.varint(0); // tallies complete, no days
        out.varint(0);
        AccountState read = Codecs.state(out.bytes());
        assertEquals(1, read.runs.size());
        assertEquals("e1", read.runs.getFirst().startId);
        assertNull(read.runs.getFirst().endId);
        assertFalse(read.runs.getFirst().closed);
        assertEquals(60, read.active);
        assertEquals(0, read.activeSince);
        assertEquals(5, read.counts.bids);
        assertEquals(Codecs.STATE_VERSION, Codecs.state(read)[0], "written back in layout 2");
        byte[] unknown = Codecs.state(read);
        unknown[0] = 3;
        assertThrows(SerializationException.class, () -> Codecs.state(unknown));
    }

    @Test
    void flowsRoundTripAndMessagesLeavingAreRefused() {
        int[] signature = random.ints(128).toArray();
        Flow text = Flow.text("tenant-a", activity(3), signature, 5);
        Flow back = Codecs.flow(Codecs.flow(text));
        assertEquals(text.tenantId(), back.tenantId());
        assertEquals(text.activity(), back.activity());
        assertEquals(Flow.Fan.TEXT, back.fan());
        assertArrayEquals(signature, back.signature());
        assertEquals(5, back.group());
        Flow ip = Codecs.flow(Codecs.flow(Flow.fan("t", activity(4), Flow.Fan.IP)));
        assertEquals(Flow.Fan.IP, ip.fan());
        assertNull(ip.signature());
        assertEquals(-1, ip.group());
        assertNull(ip.erasure());
        assertThrows(SerializationException.class, () -> Codecs.flow(Flow.out("risk.signals", new byte[] {1})));
        // an erasure on its way to a text group keeps its id and group
        Flow erasure = Codecs.flow(Codecs.flow(Flow.erasure("t", "acct-1", "w-1", Flow.Fan.TEXT, 2, "e-id",
                Instant.parse("2026-11-01T00:00:00Z"))));
        assertEquals("e-id", erasure.erasure());
        assertEquals(2, erasure.group());
        assertEquals("acct-1", erasure.activity().accountId());
        // a record written before issue 29 ends after the group: read as no erasure
        Activity login = activity(5);
        byte[] current = Codecs.flow(Flow.fan("t", login, Flow.Fan.IP));
        byte[] before = java.util.Arrays.copyOf(current, current.length - 1); // the null erasure's one byte
        assertEquals(login, Codecs.flow(before).activity());
        assertNull(Codecs.flow(before).erasure());
    }

    @Test
    void sharedStageRecordsRoundTrip() {
        SharedStage.ByDevice.Uses uses = new SharedStage.ByDevice.Uses();
        uses.count = 7;
        uses.earliest.add(activity(5));
        uses.earliest.add(activity(6));
        SharedStage.ByDevice.Uses usesBack = Codecs.uses(Codecs.uses(uses));
        assertEquals(7, usesBack.count);
        assertEquals(uses.earliest, usesBack.earliest);
        var candidate = new SharedStage.ByTextBands.Candidate("e9", "acc", Instant.parse("2026-01-01T00:00:00Z"),
                random.ints(128).toArray(), "Hello — wörld");
        var candidateBack = Codecs.candidate(Codecs.candidate(candidate));
        assertEquals(candidate.eventId(), candidateBack.eventId());
        assertEquals(candidate.at(), candidateBack.at());
        assertArrayEquals(candidate.signature(), candidateBack.signature());
        assertEquals(candidate.excerpt(), candidateBack.excerpt());
    }

    @Test
    void damagedRecordsAreRefusedNotMisread() {
        byte[] good = Codecs.activity(activity(9));
        assertThrows(SerializationException.class, () -> Codecs.activity(Arrays.copyOf(good, good.length / 2)));
        byte[] unknown = good.clone();
        unknown[0] = 42;
        assertThrows(SerializationException.class, () -> Codecs.activity(unknown));
        assertThrows(SerializationException.class, () -> Codecs.activity(new byte[0]));
        byte[] json = "{\"eventId\":\"e\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(SerializationException.class, () -> Codecs.activity(json), "JSON is no layout of these records");
    }

    private Activity activity(int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            fields.put("text", "note " + i + ": " + "x".repeat(random.nextInt(300)));
        }
        if (random.nextBoolean()) {
            List<Object> ports = new ArrayList<>();
            for (int p = 0; p < random.nextInt(4); p++) {
                ports.add(random.nextInt(65536));
            }
            fields.put("openPorts", ports);
        }
        if (random.nextBoolean()) {
            fields.put("stars", random.nextDouble() * 5);
        }
        Instant at = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000));
        return new Activity("e" + i, random.nextBoolean() ? EventType.LOGIN : EventType.BID, "acc-" + random.nextInt(100),
                random.nextBoolean() ? "w" + i : null, at, random.nextBoolean() ? "198.51.100." + random.nextInt(256) : null,
                random.nextBoolean() ? "dev-" + random.nextInt(10) : null, fields);
    }

    private static void assertStateEquals(AccountState expected, AccountState actual) throws AssertionError {
        try {
            assertEquals(JSON.writeValueAsString(expected), JSON.writeValueAsString(actual));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
