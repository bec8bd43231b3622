package dev.firebreak.identity.watchlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.identity.signal.SignalPublisher;
import dev.firebreak.kit.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Imports a list file in its official format. The file is parsed completely before anything is written, so a
 * malformed file changes nothing; the source's entries are then replaced in one transaction and the import is
 * recorded as a version with its counts.
 */
@ApplicationScoped
public class WatchlistService {

    /** The sources of DESIGN.md, each with its parser. */
    public static final Set<String> SOURCES = Set.of("uk-ofsi-csv", "uk-ofsi-xml", "uk-fcdo-csv", "un-xml", "us-sdn-csv",
            "us-sdn-xml", "ftm-json");

    private final EntityManager em;
    private final ObjectMapper json;
    private final SignalPublisher publisher;
    private final Event<ListChanged> listChanged;

    public WatchlistService(EntityManager em, ObjectMapper json, SignalPublisher publisher, Event<ListChanged> changed) {
        this.em = em;
        this.json = json;
        this.publisher = publisher;
        this.listChanged = changed;
    }

    public record ImportResult(long version, String source, int entries, int added, int removed, int changed,
                               String sha256, Instant importedAt) {
    }

    public record Loaded(String source, long version, int entries, Instant importedAt, String sha256) {
    }

    @Transactional
    public ImportResult importList(String source, InputStream body) {
        return importList(source, body, 1.0);
    }

    /**
     * An import that refuses (422, nothing changed) a file holding fewer than {@code 1 - maxShrink} of the source's
     * current entries: a refresh's guard against a truncated or mistaken file. An upload by hand passes 1.0 (any
     * size: the operator sees what they load).
     */
    @Transactional
    public ImportResult importList(String source, InputStream body, double maxShrink) {
        if (!SOURCES.contains(source)) {
            throw ProblemException.invalidField("source", "one of " + new TreeSet<>(SOURCES));
        }
        MessageDigest sha = sha256();
        Map<String, String> existing = new HashMap<>();
        for (Object[] row : em.createQuery("select e.entryId, e.contentHash from WatchlistEntryRow e where e.source = :s",
                Object[].class).setParameter("s", source).getResultList()) {
            existing.put((String) row[0], (String) row[1]);
        }
        RowWriter writer = new RowWriter(source, existing);
        try (DigestInputStream in = new DigestInputStream(body, sha)) {
            // parsers may close what they read; the digest needs the rest of the upload after them
            InputStream unclosable = new FilterInputStream(in) {
                @Override
                public void close() {
                }
            };
            switch (source) {
                case "un-xml" -> UnXmlParser.parse(unclosable, writer);
                case "us-sdn-csv" -> parseSdnZip(unclosable, writer);
                case "us-sdn-xml" -> OfacAdvancedXmlParser.parse(unclosable, writer);
                case "uk-ofsi-xml" -> UkListParser.parseOfsiXml(unclosable, writer);
                case "uk-ofsi-csv" -> UkListParser.parseOfsiCsv(utf8(unclosable), writer);
                case "uk-fcdo-csv" -> UkListParser.parseFcdoCsv(utf8(unclosable), writer);
                case "ftm-json" -> FtmJsonParser.parse(utf8(unclosable), json, writer);
                default -> throw new IllegalStateException("unhandled source " + source);
            }
            in.transferTo(OutputStream.nullOutputStream());
            writer.flush();
        } catch (ListFormatException e) {
            // rows already written in this transaction are rolled back with it
            throw new ProblemException(422, "Malformed list file", e.getMessage());
        } catch (IOException e) {
            throw new ProblemException(400, "Unreadable list file", "the upload could not be read: " + e.getMessage());
        }
        if (writer.seen.isEmpty()) {
            throw new ProblemException(422, "Malformed list file", "the file holds no entries");
        }
        if (!existing.isEmpty() && writer.seen.size() < existing.size() * (1 - maxShrink)) {
            throw new ProblemException(422, "Suspicious list file", "the file holds " + writer.seen.size()
                    + " entries where the current list holds " + existing.size() + ": it shrank by more than "
                    + Math.round(maxShrink * 100) + " %");
        }
        int added = writer.added;
        int changed = writer.changed;
        List<String> gone = existing.keySet().stream().filter(id -> !writer.seen.contains(id)).toList();
        for (int from = 0; from < gone.size(); from += 1000) {
            em.createQuery("delete from WatchlistEntryRow e where e.source = :s and e.entryId in :ids")
                    .setParameter("s", source).setParameter("ids", gone.subList(from, Math.min(gone.size(), from + 1000)))
                    .executeUpdate();
        }
        WatchlistVersion version = new WatchlistVersion();
        version.source = source;
        version.importedAt = Instant.now();
        version.sha256 = HexFormat.of().formatHex(sha.digest());
        version.entries = writer.seen.size();
        version.added = added;
        version.removed = gone.size();
        version.changed = changed;
        version.persist();
        if (added + gone.size() + changed > 0) {
            // other services re-screen their parties; this service re-screens its workers (same transaction)
            publisher.listUpdated(source, version.id, version.entries, added, gone.size(), changed, version.sha256,
                    version.importedAt);
            this.listChanged.fire(new ListChanged(version.id, source, added, gone.size(), changed));
        }
        return new ImportResult(version.id, source, version.entries, added, gone.size(), changed, version.sha256,
                version.importedAt);
    }

    /**
     * Writes entries as the parser emits them, in the import's transaction: an entry whose content is new or
     * changed is upserted (JDBC batches of 500); only ids and content hashes are kept, so memory does not grow
     * with the file (the parsers of formats that join or group records keep those records until the end).
     */
    private final class RowWriter implements Consumer<WatchlistEntry> {
        private final String source;
        private final Map<String, String> existing;
        private final Set<String> seen = new HashSet<>();
        private final List<String[]> pending = new ArrayList<>();
        private int added;
        private int changed;

        RowWriter(String source, Map<String, String> existing) {
            this.source = source;
            this.existing = existing;
        }

        @Override
        public void accept(WatchlistEntry entry) {
            String text = write(entry);
            String hash = HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
            boolean first = seen.add(entry.entryId());
            String before = existing.get(entry.entryId());
            if (before != null && before.equals(hash)) {
                return;
            }
            if (first) {
                if (before == null) {
                    added++;
                } else {
                    changed++;
                }
            }
            pending.add(new String[] {entry.entryId(), text, hash});
            if (pending.size() >= 500) {
                flush();
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement upsert = connection.prepareStatement("""
                        insert into watchlist_entry (source, entry_id, content, content_hash) values (?, ?, ?, ?)
                        on conflict (source, entry_id) do update set content = excluded.content,
                        content_hash = excluded.content_hash""")) {
                    for (String[] row : pending) {
                        upsert.setString(1, source);
                        upsert.setString(2, row[0]);
                        upsert.setString(3, row[1]);
                        upsert.setString(4, row[2]);
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                }
            });
            pending.clear();
        }
    }

    /** The latest version of each loaded source. */
    @Transactional
    public List<Loaded> loaded() {
        return em.createQuery("select v from WatchlistVersion v where v.id in "
                        + "(select max(w.id) from WatchlistVersion w group by w.source) order by v.source",
                WatchlistVersion.class).getResultList().stream()
                .map(v -> new Loaded(v.source, v.id, v.entries, v.importedAt, v.sha256)).toList();
    }

    /** The highest version id, to tell whether an in-memory index is current. */
    @Transactional
    public long latestVersion() {
        Long max = em.createQuery("select max(v.id) from WatchlistVersion v", Long.class).getSingleResult();
        return max == null ? 0 : max;
    }

    @Transactional
    public List<WatchlistEntry> allEntries() {
        List<WatchlistEntry> entries = new ArrayList<>();
        for (String text : em.createQuery("select e.content from WatchlistEntryRow e", String.class).getResultList()) {
            try {
                entries.add(json.readValue(text, WatchlistEntry.class));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    private static Reader utf8(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Inflated bytes one entry of a list zip may have (OFAC's sdn.csv is a few megabytes). */
    static final long MAX_ZIP_ENTRY = 64L << 20;
    /** Inflated bytes per compressed byte past which an entry is a zip bomb, not a list (CSV compresses 5–10×). */
    static final long MAX_ZIP_RATIO = 100;
    static final int MAX_ZIP_ENTRIES = 100;

    /**
     * A zip of sdn.csv and alt.csv (add.csv, when present, is not needed for screening). The two are inflated into
     * memory (the parser joins them), each at most {@link #MAX_ZIP_ENTRY} bytes and {@link #MAX_ZIP_RATIO} times what
     * it took compressed; the zip holds at most {@link #MAX_ZIP_ENTRIES} entries.
     */
    static void parseSdnZip(InputStream in, Consumer<WatchlistEntry> sink) throws IOException {
        byte[] sdn = null;
        byte[] alt = null;
        Counting compressed = new Counting(in);
        ZipInputStream zip = new ZipInputStream(compressed);
        int entries = 0;
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (++entries > MAX_ZIP_ENTRIES) {
                throw new ListFormatException("the zip holds more than " + MAX_ZIP_ENTRIES + " entries");
            }
            String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1).toLowerCase();
            if (name.equals("sdn.csv")) {
                sdn = inflate(zip, compressed, name);
            } else if (name.equals("alt.csv")) {
                alt = inflate(zip, compressed, name);
            }
        }
        if (sdn == null || alt == null) {
            throw new ListFormatException("the zip must hold sdn.csv and alt.csv");
        }
        try (Reader s = new InputStreamReader(new ByteArrayInputStream(sdn), StandardCharsets.ISO_8859_1);
             Reader a = new InputStreamReader(new ByteArrayInputStream(alt), StandardCharsets.ISO_8859_1)) {
            OfacCsvParser.parse(s, a, sink);
        }
    }

    /** The current entry, inflated within the size and ratio limits. */
    private static byte[] inflate(ZipInputStream zip, Counting compressed, String name) throws IOException {
        long compressedAtStart = compressed.count;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int n = zip.read(buffer); n >= 0; n = zip.read(buffer)) {
            out.write(buffer, 0, n);
            long inflated = out.size();
            if (inflated > MAX_ZIP_ENTRY) {
                throw new ListFormatException(name + " inflates to more than " + MAX_ZIP_ENTRY + " bytes");
            }
            // the first megabyte is let through whatever the ratio: a small file compresses well too
            if (inflated > (1 << 20) && inflated > MAX_ZIP_RATIO * (compressed.count - compressedAtStart)) {
                throw new ListFormatException(name + " inflates more than " + MAX_ZIP_RATIO + " times: not a list file");
            }
        }
        return out.toByteArray();
    }

    /** Counts the bytes read through it (the zip's compressed bytes). */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }

    private String write(WatchlistEntry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
