package dev.firebreak.identity.watchlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.identity.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        if (!SOURCES.contains(source)) {
            throw ProblemException.invalidField("source", "one of " + new java.util.TreeSet<>(SOURCES));
        }
        MessageDigest sha = sha256();
        List<WatchlistEntry> parsed = new ArrayList<>();
        try (DigestInputStream in = new DigestInputStream(body, sha)) {
            // parsers may close what they read; the digest needs the rest of the upload after them
            InputStream unclosable = new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                }
            };
            switch (source) {
                case "un-xml" -> UnXmlParser.parse(unclosable, parsed::add);
                case "us-sdn-csv" -> parseSdnZip(unclosable, parsed);
                case "us-sdn-xml" -> OfacAdvancedXmlParser.parse(unclosable, parsed::add);
                case "uk-ofsi-xml" -> UkListParser.parseOfsiXml(unclosable, parsed::add);
                case "uk-ofsi-csv" -> UkListParser.parseOfsiCsv(utf8(unclosable), parsed::add);
                case "uk-fcdo-csv" -> UkListParser.parseFcdoCsv(utf8(unclosable), parsed::add);
                case "ftm-json" -> FtmJsonParser.parse(utf8(unclosable), json, parsed::add);
                default -> throw new IllegalStateException("unhandled source " + source);
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (ListFormatException e) {
            throw new ProblemException(422, "Malformed list file", e.getMessage());
        } catch (IOException e) {
            throw new ProblemException(400, "Unreadable list file", "the upload could not be read: " + e.getMessage());
        }
        if (parsed.isEmpty()) {
            throw new ProblemException(422, "Malformed list file", "the file holds no entries");
        }
        Map<String, String> incoming = new LinkedHashMap<>();
        Map<String, String> content = new HashMap<>();
        for (WatchlistEntry entry : parsed) {
            String text = write(entry);
            incoming.put(entry.entryId(), HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8))));
            content.put(entry.entryId(), text);
        }
        Map<String, String> existing = new HashMap<>();
        for (Object[] row : em.createQuery("select e.entryId, e.contentHash from WatchlistEntryRow e where e.source = :s",
                Object[].class).setParameter("s", source).getResultList()) {
            existing.put((String) row[0], (String) row[1]);
        }
        int added = 0;
        int changed = 0;
        for (Map.Entry<String, String> e : incoming.entrySet()) {
            String before = existing.get(e.getKey());
            if (before == null || !before.equals(e.getValue())) {
                if (before == null) {
                    added++;
                } else {
                    changed++;
                }
                WatchlistEntryRow row = new WatchlistEntryRow();
                row.source = source;
                row.entryId = e.getKey();
                row.content = content.get(e.getKey());
                row.contentHash = e.getValue();
                em.merge(row);
            }
        }
        List<String> gone = existing.keySet().stream().filter(id -> !incoming.containsKey(id)).toList();
        if (!gone.isEmpty()) {
            em.createQuery("delete from WatchlistEntryRow e where e.source = :s and e.entryId in :ids")
                    .setParameter("s", source).setParameter("ids", gone).executeUpdate();
        }
        WatchlistVersion version = new WatchlistVersion();
        version.source = source;
        version.importedAt = Instant.now();
        version.sha256 = HexFormat.of().formatHex(sha.digest());
        version.entries = incoming.size();
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
        return new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** A zip of sdn.csv and alt.csv (add.csv, when present, is not needed for screening). */
    private static void parseSdnZip(InputStream in, List<WatchlistEntry> sink) throws IOException {
        byte[] sdn = null;
        byte[] alt = null;
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1).toLowerCase();
            if (name.equals("sdn.csv")) {
                sdn = readAll(zip);
            } else if (name.equals("alt.csv")) {
                alt = readAll(zip);
            }
        }
        if (sdn == null || alt == null) {
            throw new ListFormatException("the zip must hold sdn.csv and alt.csv");
        }
        try (Reader s = new InputStreamReader(new java.io.ByteArrayInputStream(sdn), StandardCharsets.ISO_8859_1);
             Reader a = new InputStreamReader(new java.io.ByteArrayInputStream(alt), StandardCharsets.ISO_8859_1)) {
            OfacCsvParser.parse(s, a, sink::add);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
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
