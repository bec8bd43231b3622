package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.AccountState;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.event.EventType;
import dev.firebreak.platform.stream.Binary.In;
import dev.firebreak.platform.stream.Binary.Out;
import org.apache.kafka.common.errors.SerializationException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The binary layout of the topology's internal records: the events in the stores, an account's state, a device's
 * uses, a kept text, and the events fanned out through the repartition topics. Each record starts with
 * {@link #VERSION}, then its fields in {@link Binary}'s primitives, written and read field by field (reflective JSON
 * of these records cost a third of the stream threads' time).
 */
final class Codecs {

    /** First byte of every record: a layout of another version is refused, never misread. */
    static final byte VERSION = 1;
    /**
     * First byte of an account's state since issue 30 (a run's last event id and whether a logout closed it, PL-10's
     * counts since its last report); a state
     * of {@link #VERSION} is still read, as stores written before hold it: its runs compare their ends by time.
     */
    static final byte STATE_VERSION = 2;

    private static final byte NULL = 0, STRING = 1, INT = 2, LONG = 3, DOUBLE = 4, TRUE = 5, FALSE = 6, LIST = 7,
            MAP = 8, DECIMAL = 9, BIG_INTEGER = 10;

    private Codecs() {
    }

    // ---- the records

    static byte[] activity(Activity a) {
        return encode(128, out -> writeActivity(out, a));
    }

    static Activity activity(byte[] bytes) {
        return decode(bytes, Codecs::readActivity);
    }

    static byte[] state(AccountState s) {
        return encode(256, STATE_VERSION, out -> {
            out.instant(s.newest);
            out.instant(s.prunedAt);
            nullableActivity(out, s.created);
            nullableActivity(out, s.verified);
            nullableActivity(out, s.firstBid);
            out.varint(s.runs.size());
            for (AccountState.Run r : s.runs) {
                out.instant(r.start);
                out.string(r.startId);
                out.instant(r.end);
                out.varint(r.events);
                out.string(r.reportedStartId);
                out.string(r.endId);
                out.varint(r.closed ? 1 : 0);
            }
            out.varlong(s.active);
            out.varlong(s.outside);
            out.varlong(s.activeSince);
            out.varlong(s.outsideSince);
            out.varint(s.reported.size());
            for (Map.Entry<String, AccountState.Report> e : s.reported.entrySet()) {
                out.string(e.getKey());
                out.instant(e.getValue().at);
                out.varint(e.getValue().size);
            }
            out.varlong(s.counts.ips);
            out.varlong(s.counts.bids);
            out.varlong(s.counts.cryptoBids);
            out.varlong(s.counts.clientMessages);
            boolean fromStart = s.tallies.since == Long.MIN_VALUE;
            out.varint(fromStart ? 0 : 1);
            if (!fromStart) {
                out.varlong(s.tallies.since);
            }
            out.varint(s.tallies.days.size());
            long previous = 0;
            for (Map.Entry<Long, int[]> d : s.tallies.days.entrySet()) {
                out.varlong(d.getKey() - previous);
                previous = d.getKey();
                for (int n : d.getValue()) {
                    out.varint(n);
                }
            }
        });
    }

    static AccountState state(byte[] bytes) {
        byte version = bytes.length > 0 && bytes[0] == VERSION ? VERSION : STATE_VERSION;
        return decode(bytes, version, in -> {
            AccountState s = new AccountState();
            s.newest = in.instant();
            s.prunedAt = in.instant();
            s.created = nullableActivity(in);
            s.verified = nullableActivity(in);
            s.firstBid = nullableActivity(in);
            int runs = in.varint();
            s.runs = new ArrayList<>(runs);
            for (int i = 0; i < runs; i++) {
                AccountState.Run r = new AccountState.Run();
                r.start = in.instant();
                r.startId = in.string();
                r.end = in.instant();
                r.events = in.varint();
                r.reportedStartId = in.string();
                if (version == STATE_VERSION) {
                    r.endId = in.string();
                    r.closed = in.varint() == 1;
                }
                s.runs.add(r);
            }
            s.active = in.varlong();
            s.outside = in.varlong();
            if (version == STATE_VERSION) {
                s.activeSince = in.varlong();
                s.outsideSince = in.varlong();
            }
            int reported = in.varint();
            s.reported = new HashMap<>();
            for (int i = 0; i < reported; i++) {
                String code = in.string();
                AccountState.Report r = new AccountState.Report();
                r.at = in.instant();
                r.size = in.varint();
                s.reported.put(code, r);
            }
            s.counts.ips = in.varlong();
            s.counts.bids = in.varlong();
            s.counts.cryptoBids = in.varlong();
            s.counts.clientMessages = in.varlong();
            s.tallies.since = in.varint() == 0 ? Long.MIN_VALUE : in.varlong();
            int days = in.varint();
            long day = 0;
            for (int i = 0; i < days; i++) {
                day += in.varlong();
                s.tallies.days.put(day, new int[] {in.varint(), in.varint(), in.varint()});
            }
            return s;
        });
    }

    /** A device stage's record of one account's use of the device. */
    static byte[] uses(SharedStage.ByDevice.Uses u) {
        return encode(128, out -> {
            out.varint(u.count);
            out.varint(u.earliest.size());
            u.earliest.forEach(a -> writeActivity(out, a));
        });
    }

    static SharedStage.ByDevice.Uses uses(byte[] bytes) {
        return decode(bytes, in -> {
            SharedStage.ByDevice.Uses u = new SharedStage.ByDevice.Uses();
            u.count = in.varint();
            int n = in.varint();
            for (int i = 0; i < n; i++) {
                u.earliest.add(readActivity(in));
            }
            return u;
        });
    }

    /** A text kept by its group of bands. */
    static byte[] candidate(SharedStage.ByTextBands.Candidate c) {
        return encode(64 + 4 * c.signature().length, out -> {
            out.string(c.eventId());
            out.string(c.accountId());
            out.instant(c.at());
            out.ints(c.signature());
            out.string(c.excerpt());
        });
    }

    static SharedStage.ByTextBands.Candidate candidate(byte[] bytes) {
        return decode(bytes, in -> new SharedStage.ByTextBands.Candidate(
                in.string(), in.string(), in.instant(), in.ints(), in.string()));
    }

    /** The repartition topics' records: an event fanned out to a shared stage (messages leaving are never here). */
    static byte[] flow(Flow f) {
        if (f.isOut()) {
            throw new SerializationException("a message leaving the topology does not go through a repartition topic");
        }
        return encode(160, out -> {
            out.string(f.tenantId());
            writeActivity(out, f.activity());
            out.varint(f.fan() == null ? 0 : f.fan().ordinal() + 1);
            out.ints(f.signature());
            out.varint(f.group() + 1);
            out.string(f.erasure()); // since issue 29; a record written before ends here
        });
    }

    static Flow flow(byte[] bytes) {
        return decode(bytes, in -> {
            String tenant = in.string();
            Activity activity = readActivity(in);
            int fan = in.varint();
            int[] signature = in.ints();
            int group = in.varint() - 1;
            String erasure = in.atEnd() ? null : in.string();
            return new Flow(tenant, activity, fan == 0 ? null : Flow.Fan.values()[fan - 1], signature, group, null, null,
                    erasure);
        });
    }

    /** A record: the version byte, then what {@code body} writes. */
    private static byte[] encode(int capacity, Consumer<Out> body) {
        return encode(capacity, VERSION, body);
    }

    private static byte[] encode(int capacity, byte version, Consumer<Out> body) {
        Out out = new Out(capacity);
        out.write(version);
        body.accept(out);
        return out.bytes();
    }

    /** A record in this layout, read by {@code body}. */
    private static <T> T decode(byte[] bytes, Function<In, T> body) {
        return decode(bytes, VERSION, body);
    }

    /** A record in the layout of {@code version}, read by {@code body}. */
    private static <T> T decode(byte[] bytes, byte version, Function<In, T> body) {
        if (bytes.length == 0) {
            throw new SerializationException("an empty record");
        }
        if (bytes[0] != version) {
            throw new SerializationException("a record of unknown layout " + bytes[0]);
        }
        In in = new In(bytes);
        in.read();
        return body.apply(in);
    }

    private static void writeActivity(Out out, Activity a) {
        out.string(a.eventId());
        out.string(a.type().name());
        out.string(a.accountId());
        out.string(a.workerId());
        out.instant(a.at());
        out.string(a.ip());
        out.string(a.device());
        out.varint(a.fields().size());
        for (Map.Entry<String, Object> e : a.fields().entrySet()) {
            out.string(e.getKey());
            value(out, e.getValue());
        }
    }

    private static Activity readActivity(In in) {
        String eventId = in.string();
        EventType type = eventType(in.string());
        String accountId = in.string();
        String workerId = in.string();
        Instant at = in.instant();
        String ip = in.string();
        String device = in.string();
        int n = in.varint();
        Map<String, Object> fields = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            fields.put(in.string(), value(in));
        }
        return new Activity(eventId, type, accountId, workerId, at, ip, device, fields);
    }

    private static EventType eventType(String name) {
        try {
            return EventType.valueOf(name);
        } catch (RuntimeException e) {
            throw new SerializationException("an event of unknown type");
        }
    }

    private static void nullableActivity(Out out, Activity a) {
        out.write(a == null ? 0 : 1);
        if (a != null) {
            writeActivity(out, a);
        }
    }

    private static Activity nullableActivity(In in) {
        return in.read() == 0 ? null : readActivity(in);
    }

    /** An event's own fields as Jackson read them from JSON: text, numbers, booleans, lists and objects of those. */
    private static void value(Out out, Object v) {
        switch (v) {
            case null -> out.write(NULL);
            case String s -> {
                out.write(STRING);
                out.string(s);
            }
            case Integer i -> {
                out.write(INT);
                out.varlong(i);
            }
            case Long l -> {
                out.write(LONG);
                out.varlong(l);
            }
            case Double d -> {
                out.write(DOUBLE);
                out.int64(Double.doubleToLongBits(d));
            }
            case Boolean b -> out.write(b ? TRUE : FALSE);
            case BigDecimal d -> {
                out.write(DECIMAL);
                out.string(d.toString());
            }
            case BigInteger b -> {
                out.write(BIG_INTEGER);
                out.string(b.toString());
            }
            case List<?> list -> {
                out.write(LIST);
                out.varint(list.size());
                list.forEach(e -> value(out, e));
            }
            case Map<?, ?> map -> {
                out.write(MAP);
                out.varint(map.size());
                map.forEach((k, e) -> {
                    out.string(String.valueOf(k));
                    value(out, e);
                });
            }
            default -> throw new SerializationException("an event field of type " + v.getClass().getSimpleName());
        }
    }

    private static Object value(In in) {
        byte tag = in.read();
        return switch (tag) {
            case NULL -> null;
            case STRING -> in.string();
            case INT -> (int) in.varlong();
            case LONG -> in.varlong();
            case DOUBLE -> Double.longBitsToDouble(in.int64());
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case DECIMAL -> new BigDecimal(in.string());
            case BIG_INTEGER -> new BigInteger(in.string());
            case LIST -> {
                int n = in.varint();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(in));
                }
                yield list;
            }
            case MAP -> {
                int n = in.varint();
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    map.put(in.string(), value(in));
                }
                yield map;
            }
            default -> throw new SerializationException("an event field of unknown tag " + tag);
        };
    }
}
