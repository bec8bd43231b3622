package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.Activity;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The binary layout of the topology's internal records: the events in the stores, an account's state, and what goes
 * through the repartition topics. JSON of these (Jackson, reflective, instants as text) was about a third of the
 * stream threads' time; this layout is written and read field by field. Our own code because the records are
 * internal and few, and a schema library (Avro, Protobuf) would add generated classes and a registry for what never
 * leaves the topology. A record starts with {@link #VERSION}; values stored before it (JSON text, starting with
 * {@code '{'}) are still read through Jackson, so existing state and changelogs stay readable.
 */
final class RecordCodec {

    /** First byte of a binary record (never {@code '{'}, the first byte of the JSON ones before it). */
    static final byte VERSION = 1;

    private static final byte NULL = 0, STRING = 1, INT = 2, LONG = 3, DOUBLE = 4, TRUE = 5, FALSE = 6, LIST = 7,
            MAP = 8, DECIMAL = 9, BIG_INTEGER = 10;

    private RecordCodec() {
    }

    // ---- the records

    static byte[] activity(Activity a) {
        return encode(128, out -> writeActivity(out, a));
    }

    static Activity activity(byte[] bytes) {
        return decode(bytes, Activity.class, RecordCodec::readActivity);
    }

    static byte[] state(AccountState s) {
        return encode(256, out -> {
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
            }
            out.varlong(s.active);
            out.varlong(s.outside);
            out.varint(s.reported.size());
            for (Map.Entry<String, AccountState.Report> e : s.reported.entrySet()) {
                out.string(e.getKey());
                out.instant(e.getValue().at);
                out.varint(e.getValue().size);
            }
            // added after the layout's first version: a state without them ends here (read as unknown)
            if (s.counts != null) {
                out.varlong(s.counts.ips);
                out.varlong(s.counts.bids);
                out.varlong(s.counts.cryptoBids);
                out.varlong(s.counts.clientMessages);
                // added after the counts: a state without them ends here (read as unknown)
                if (s.tallies != null) {
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
                }
            }
        });
    }

    static AccountState state(byte[] bytes) {
        return decode(bytes, AccountState.class, in -> {
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
                s.runs.add(r);
            }
            s.active = in.varlong();
            s.outside = in.varlong();
            int reported = in.varint();
            s.reported = new HashMap<>();
            for (int i = 0; i < reported; i++) {
                String code = in.string();
                AccountState.Report r = new AccountState.Report();
                r.at = in.instant();
                r.size = in.varint();
                s.reported.put(code, r);
            }
            if (in.atEnd()) {
                s.counts = null;
            } else {
                s.counts = new AccountState.Counts();
                s.counts.ips = in.varlong();
                s.counts.bids = in.varlong();
                s.counts.cryptoBids = in.varlong();
                s.counts.clientMessages = in.varlong();
                if (!in.atEnd()) {
                    s.tallies = new AccountState.Tallies();
                    s.tallies.since = in.varint() == 0 ? Long.MIN_VALUE : in.varlong();
                    int days = in.varint();
                    long day = 0;
                    for (int i = 0; i < days; i++) {
                        day += in.varlong();
                        s.tallies.days.put(day, new int[] {in.varint(), in.varint(), in.varint()});
                    }
                }
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
        return decode(bytes, SharedStage.ByDevice.Uses.class, in -> {
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
        return decode(bytes, SharedStage.ByTextBands.Candidate.class, in -> new SharedStage.ByTextBands.Candidate(
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
        });
    }

    static Flow flow(byte[] bytes) {
        return decode(bytes, Flow.class, in -> {
            String tenant = in.string();
            Activity activity = readActivity(in);
            int fan = in.varint();
            int[] signature = in.ints();
            int group = in.varint() - 1;
            return new Flow(tenant, activity, fan == 0 ? null : Flow.Fan.values()[fan - 1], signature, group, null, null);
        });
    }

    static Serde<Flow> flows() {
        Serializer<Flow> serializer = (topic, value) -> value == null ? null : flow(value);
        Deserializer<Flow> deserializer = (topic, bytes) -> bytes == null ? null : flow(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** A record: the version byte, then what {@code body} writes. */
    private static byte[] encode(int capacity, Consumer<Out> body) {
        Out out = new Out(capacity);
        out.write(VERSION);
        body.accept(out);
        return out.bytes();
    }

    /** A record in this layout read by {@code body}, or one stored as JSON before it read through Jackson. */
    private static <T> T decode(byte[] bytes, Class<T> jsonType, Function<In, T> body) {
        if (bytes.length == 0) {
            throw new SerializationException("an empty record");
        }
        if (bytes[0] == '{') {
            return FlowSerde.read(bytes, jsonType);
        }
        if (bytes[0] != VERSION) {
            throw new SerializationException("a record of unknown layout " + bytes[0]);
        }
        In in = new In(bytes);
        in.read();
        return body.apply(in);
    }

    private static void writeActivity(Out out, Activity a) {
        out.string(a.eventId());
        out.string(a.type());
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
        String type = in.string();
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

    // ---- bytes

    /** A growing buffer: varints, fixed-width numbers, length-prefixed UTF-8 (length 0 = null, n + 1 otherwise). */
    static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        void write(int b) {
            room(1);
            buf[size++] = (byte) b;
        }

        void varint(int v) {
            varlong(v);
        }

        /** Zig-zag, so small negative numbers stay short too. */
        void varlong(long v) {
            long z = (v << 1) ^ (v >> 63);
            room(10);
            while ((z & ~0x7fL) != 0) {
                buf[size++] = (byte) ((z & 0x7f) | 0x80);
                z >>>= 7;
            }
            buf[size++] = (byte) z;
        }

        void int32(int v) {
            room(4);
            for (int s = 24; s >= 0; s -= 8) {
                buf[size++] = (byte) (v >>> s);
            }
        }

        void int64(long v) {
            room(8);
            for (int s = 56; s >= 0; s -= 8) {
                buf[size++] = (byte) (v >>> s);
            }
        }

        /** An int array ({@code null} written as length 0, otherwise length + 1). */
        void ints(int[] values) {
            varint(values == null ? 0 : values.length + 1);
            if (values != null) {
                room(4 * values.length);
                for (int v : values) {
                    int32(v);
                }
            }
        }

        void instant(Instant at) {
            if (at == null) {
                write(0);
                return;
            }
            write(1);
            varlong(at.getEpochSecond());
            varint(at.getNano());
        }

        void string(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length + 1);
            room(utf8.length);
            System.arraycopy(utf8, 0, buf, size, utf8.length);
            size += utf8.length;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, size);
        }
    }

    static final class In {
        private final byte[] buf;
        private int at;

        In(byte[] buf) {
            this.buf = buf;
        }

        boolean atEnd() {
            return at >= buf.length;
        }

        byte read() {
            if (at >= buf.length) {
                throw new SerializationException("a record cut short");
            }
            return buf[at++];
        }

        int varint() {
            return (int) varlong();
        }

        long varlong() {
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 63) {
                    throw new SerializationException("a malformed number");
                }
                byte b = read();
                z |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            return (z >>> 1) ^ -(z & 1);
        }

        int int32() {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (read() & 0xff);
            }
            return v;
        }

        long int64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (read() & 0xff);
            }
            return v;
        }

        int[] ints() {
            int n = varint();
            if (n == 0) {
                return null;
            }
            if (n < 0 || n - 1 > (buf.length - at) / 4) {
                throw new SerializationException("a record cut short");
            }
            int[] values = new int[n - 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = int32();
            }
            return values;
        }

        Instant instant() {
            return read() == 0 ? null : Instant.ofEpochSecond(varlong(), varint());
        }

        String string() {
            int n = varint();
            if (n == 0) {
                return null;
            }
            if (n < 0 || at + n - 1 > buf.length) {
                throw new SerializationException("a record cut short");
            }
            String s = new String(buf, at, n - 1, StandardCharsets.UTF_8);
            at += n - 1;
            return s;
        }
    }
}
