package dev.firebreak.names;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How common a name part is, and so how much a match on it proves: the share of people who bear it, from the
 * bundled table of given and family names ({@code name-frequencies.tsv}: every region alike, so that no region's
 * names count as more suspicious than another's) and from the lists being screened against (the share of their
 * entries whose names hold it: "Kim", "Mohammed", "Company", "Ltd"). Parts are compared by their phonetic key
 * ({@link KoreanRomanisation#key}), so "Lee", "Ri", "Yi" and "Li" are one part. A part neither source knows is
 * assumed to be borne by one person in {@value #UNKNOWN_SHARE_INVERSE} (fewer letters, more bearers: one or two
 * letters by one in a hundred, three by one in a thousand).
 */
public final class NameStatistics implements NameMatcher.TokenWeights {

    static final int UNKNOWN_SHARE_INVERSE = 100_000;
    private static final Map<String, Double> TABLE = load();

    /** The bundled table alone (no list loaded). */
    public static final NameStatistics TABLE_ONLY = new NameStatistics(Map.of());

    private final Map<String, Double> listShare;

    private NameStatistics(Map<String, Double> listShare) {
        this.listShare = listShare;
    }

    /**
     * The table and the lists' own statistics: {@code keysPerEntry} holds, for each listed entry, the keys of all
     * its names' parts (each counted once per entry).
     */
    public static NameStatistics of(Collection<? extends Collection<String>> keysPerEntry) {
        Map<String, Integer> count = new HashMap<>();
        for (Collection<String> keys : keysPerEntry) {
            for (String key : keys) {
                count.merge(key, 1, Integer::sum);
            }
        }
        double entries = Math.max(1, keysPerEntry.size());
        Map<String, Double> share = new HashMap<>();
        // a part a single entry holds says nothing about how common it is
        count.forEach((key, n) -> {
            if (n > 1) {
                share.put(key, n / entries);
            }
        });
        return new NameStatistics(share);
    }

    /** The share (0..1) of people, or of listed entries, whose name holds a part with this key. */
    public double share(String key) {
        double table = TABLE.getOrDefault(key, 0.0);
        double listed = listShare.getOrDefault(key, 0.0);
        double known = Math.max(table, listed);
        if (known > 0) {
            return known;
        }
        return key.length() <= 2 ? 1e-2 : key.length() == 3 ? 1e-3 : 1.0 / UNKNOWN_SHARE_INVERSE;
    }

    /**
     * What a match on the part proves, 0.1..1: the information in its share (−log₁₀, a part of one in 100,000 or
     * rarer counts fully), never below 0.1. An initial counts 0.1.
     */
    @Override
    public double weight(String key) {
        if (key.length() <= 1) {
            return 0.1;
        }
        return Math.clamp(-Math.log10(share(key)) / 5.0, 0.1, 1.0);
    }

    /**
     * The estimated share of people who bear a name with all these parts (their shares multiplied, as if
     * independent): a name of {@code 1e-7} or more is a common name, borne by hundreds of people at least.
     */
    public double nameShare(List<String> keys) {
        double share = 1.0;
        for (String key : keys) {
            share *= key.length() <= 1 ? 1.0 : share(key);
        }
        return share;
    }

    private static Map<String, Double> load() {
        Map<String, Double> out = new HashMap<>();
        try (InputStream in = NameStatistics.class.getResourceAsStream("name-frequencies.tsv")) {
            if (in == null) {
                throw new IllegalStateException("name-frequencies.tsv is missing from the name-matching jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] fields = line.split("\t");
                double share = Double.parseDouble(fields[3]) / 100.0;
                // a name of several words ("De Jong", "Van den Berg"): each part as common as the name at least
                for (String token : NameNormaliser.tokens(fields[2])) {
                    out.merge(KoreanRomanisation.key(token), share, Math::max);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
