package dev.firebreak.platform.stream;

import org.apache.kafka.common.errors.SerializationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The primitives of {@link Codecs}' layout: varints (zig-zag), fixed-width numbers, instants, and length-prefixed UTF-8
 * (length 0 = null, n + 1 otherwise). Written by hand because Kafka's serdes stop at single values and a schema
 * library (Avro, Protobuf) would add generated classes and a registry for records that never leave the topology.
 */
final class Binary {

    private Binary() {
    }

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
