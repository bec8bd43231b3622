package dev.firebreak.identity.quality;

import dev.firebreak.identity.screening.Screener;
import dev.firebreak.identity.watchlist.WatchlistEntry;
import dev.firebreak.names.KoreanRomanisation;
import dev.firebreak.names.NameNormaliser;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The screening evaluation of BENCHMARKS.md: every listed person and entity screened under the variants of
 * {@link ListedNameVariants}, with and without its listed date of birth (recall), and ordinary names of eight regions
 * ({@link OrdinaryNames}) screened with and without a date of birth (false matches). Scores are kept down to
 * {@link #FLOOR}, so one run gives the figures at every threshold (the curve).
 */
public final class ScreeningEvaluation {

    public static final double FLOOR = 0.70;
    /** What a query found: the best score and confidence for the entry sought, or for any entry (negatives). */
    public record Outcome(double score, double confidence) {
        static final Outcome NONE = new Outcome(0, 0);
    }

    public record Positive(String entryId, String name, ListedNameVariants.Kind kind, boolean withBirth, Outcome outcome) {
    }

    public record Negative(String name, OrdinaryNames.Region region, boolean withBirth, Outcome outcome,
                           String matched) {
    }

    public final List<Positive> positives = new ArrayList<>();
    public final List<Negative> negatives = new ArrayList<>();
    public int namesakesExcluded;
    public final List<String> namesakeExamples = new ArrayList<>();

    /** Runs the evaluation against a screener built with threshold {@link #FLOOR}. */
    public static ScreeningEvaluation run(List<WatchlistEntry> entries, Screener screener, int negativesPerRegion) {
        ScreeningEvaluation e = new ScreeningEvaluation();
        for (WatchlistEntry entry : entries) {
            boolean person = "INDIVIDUAL".equals(entry.type());
            if (!person && !"ENTITY".equals(entry.type())) {
                continue; // vessels and aircraft: no worker or payment party is screened as one
            }
            String birth = entry.datesOfBirth().stream().filter(d -> d.matches("\\d{4}(-\\d{2}(-\\d{2})?)?"))
                    .findFirst().orElse(null);
            for (ListedNameVariants.Variant v : ListedNameVariants.of(entry)) {
                e.positives.add(new Positive(entry.entryId(), v.name(), v.kind(), false,
                        sought(screener, entry, v.name(), null, person)));
                if (birth != null) {
                    e.positives.add(new Positive(entry.entryId(), v.name(), v.kind(), true,
                            sought(screener, entry, v.name(), birth, person)));
                }
            }
        }
        Set<String> listedForms = new HashSet<>();
        for (WatchlistEntry entry : entries) {
            if ("INDIVIDUAL".equals(entry.type())) {
                entry.names().forEach(n -> listedForms.addAll(forms(n)));
            }
        }
        Random births = new Random(7);
        for (OrdinaryNames.Person p : OrdinaryNames.generate(negativesPerRegion, 20261206L)) {
            if (forms(p.name()).stream().anyMatch(listedForms::contains)) {
                e.namesakesExcluded++;
                if (e.namesakeExamples.size() < 12) {
                    e.namesakeExamples.add(p.name());
                }
                continue;
            }
            String birth = String.format("%d-%02d-%02d", 1960 + births.nextInt(44), 1 + births.nextInt(12),
                    1 + births.nextInt(28));
            e.negatives.add(negative(screener, p, null));
            e.negatives.add(negative(screener, p, birth));
        }
        return e;
    }

    private static Outcome sought(Screener screener, WatchlistEntry entry, String name, String birth, boolean person) {
        return screener.screen(query(name, birth, person)).stream()
                .filter(m -> m.entryId().equals(entry.entryId()) && m.source().equals(entry.source()))
                .map(ScreeningEvaluation::outcome).findFirst().orElse(Outcome.NONE);
    }

    private static Negative negative(Screener screener, OrdinaryNames.Person p, String birth) {
        List<Screener.Match> found = screener.screen(query(p.name(), birth, true));
        if (found.isEmpty()) {
            return new Negative(p.name(), p.region(), birth != null, Outcome.NONE, null);
        }
        Screener.Match best = found.getFirst();
        return new Negative(p.name(), p.region(), birth != null, outcome(best),
                best.listedName() + (best.matchedAlias() == null ? "" : " / " + best.matchedAlias()) + " ("
                        + best.explanation() + ")");
    }

    static Screener.Query query(String name, String birth, boolean person) {
        return new Screener.Query(name, birth, null, List.of(),
                person ? Screener.SubjectType.PERSON : Screener.SubjectType.ORGANISATION);
    }

    static Outcome outcome(Screener.Match m) {
        return new Outcome(m.score(), m.confidence());
    }

    /**
     * Every written form of a name, order-free, that makes it the same written name as another: its parts' keys as
     * tokenised, with any two adjacent parts joined, and all joined; and its parts' consonant skeletons (vowels and
     * h, w, y dropped, doubled letters once: "Mohammed Aziz" and "Muhammad Azziz" are one name spelled two ways,
     * which no screener can tell apart without a date of birth).
     */
    static Set<String> forms(String name) {
        List<String> tokens = NameNormaliser.tokens(name);
        Set<String> out = new HashSet<>();
        List<String> named = tokens.stream().filter(t -> !PARTICLES.contains(t)).toList();
        if (named.size() >= 2) {
            out.add("#" + String.join(" ", named.stream().map(ScreeningEvaluation::skeleton).sorted().toList()));
        }
        out.add(sortedKeys(tokens));
        for (int i = 0; i + 1 < tokens.size(); i++) {
            List<String> joined = new ArrayList<>(tokens.subList(0, i));
            joined.add(tokens.get(i) + tokens.get(i + 1));
            joined.addAll(tokens.subList(i + 2, tokens.size()));
            out.add(sortedKeys(joined));
        }
        // every part joined: "Kim Min Jun" and "Kim Minjun" written the same
        out.add(String.join("", tokens.stream().map(KoreanRomanisation::key).sorted().toList()));
        return out;
    }

    /** Articles and kinship particles of names, which people write or leave out ("Al-Mansour" / "Mansour"). */
    private static final Set<String> PARTICLES = Set.of("al", "el", "bin", "ibn", "ben", "abu", "de", "da", "di",
            "van", "von", "der", "den", "la", "le");

    /** A part of four letters or more by its consonants; a shorter part, whose vowels are most of it, by its key. */
    static String skeleton(String token) {
        if (token.length() < 4) {
            return KoreanRomanisation.key(token);
        }
        String consonants = token.replace("x", "ks").replaceAll("[aeiouyhw]", "").replaceAll("(.)\\1+", "$1");
        return consonants.isEmpty() ? token : consonants;
    }

    private static String sortedKeys(List<String> tokens) {
        return String.join(" ", tokens.stream().map(KoreanRomanisation::key).sorted().toList());
    }

    // ---- figures

    public double recall(double threshold, Boolean withBirth) {
        long screened = positives.stream().filter(p -> withBirth == null || p.withBirth() == withBirth).count();
        long found = positives.stream().filter(p -> withBirth == null || p.withBirth() == withBirth)
                .filter(p -> p.outcome().score() >= threshold).count();
        return (double) found / screened;
    }

    public Map<ListedNameVariants.Kind, double[]> recallByKind(double threshold) {
        Map<ListedNameVariants.Kind, double[]> out = new EnumMap<>(ListedNameVariants.Kind.class);
        for (Positive p : positives) {
            double[] counts = out.computeIfAbsent(p.kind(), k -> new double[2]);
            counts[1]++;
            if (p.outcome().score() >= threshold) {
                counts[0]++;
            }
        }
        return out;
    }

    public List<Positive> misses(double threshold) {
        return positives.stream().filter(p -> p.outcome().score() < threshold).toList();
    }

    public List<Negative> falseMatches(double threshold, boolean withBirth) {
        return negatives.stream().filter(n -> n.withBirth() == withBirth && n.outcome().score() >= threshold).toList();
    }

    public List<Negative> falseMatchesAtConfidence(double threshold, double confidence, boolean withBirth) {
        return falseMatches(threshold, withBirth).stream().filter(n -> n.outcome().confidence() >= confidence).toList();
    }

    public int negativeCount(boolean withBirth) {
        return (int) negatives.stream().filter(n -> n.withBirth() == withBirth).count();
    }

    /** False matches per 1,000 negatives of each region (without a date of birth). */
    public Map<OrdinaryNames.Region, Double> falseRatePerRegion(double threshold, boolean withBirth) {
        Map<OrdinaryNames.Region, Double> out = new TreeMap<>();
        for (OrdinaryNames.Region region : OrdinaryNames.Region.values()) {
            long screened = negatives.stream().filter(n -> n.region() == region && n.withBirth() == withBirth).count();
            long hits = falseMatches(threshold, withBirth).stream().filter(n -> n.region() == region).count();
            out.put(region, screened == 0 ? 0 : 1000.0 * hits / screened);
        }
        return out;
    }

    public double falsePerThousand(double threshold, boolean withBirth) {
        return 1000.0 * falseMatches(threshold, withBirth).size() / negativeCount(withBirth);
    }

    /** The report: the figures at {@code threshold} and the curve. */
    public String report(double threshold, double criticalConfidence) {
        StringBuilder out = new StringBuilder();
        long entriesScreened = positives.stream().map(Positive::entryId).distinct().count();
        out.append(String.format(Locale.ROOT, "positives: %d screenings of %d listed persons and entities; negatives: %d"
                        + " ordinary names (%d written as a listed person's name left out as namesakes, e.g. %s)%n",
                positives.size(), entriesScreened, negativeCount(false), namesakesExcluded, namesakeExamples));
        out.append(String.format(Locale.ROOT, "at threshold %.2f: recall %.4f (without date of birth %.4f, with %.4f);"
                        + " false matches per 1,000 negatives: %.2f without date of birth, %.2f with;"
                        + " at CRITICAL confidence: %d without, %d with%n", threshold, recall(threshold, null),
                recall(threshold, false), recall(threshold, true), falsePerThousand(threshold, false),
                falsePerThousand(threshold, true), falseMatchesAtConfidence(threshold, criticalConfidence, false).size(),
                falseMatchesAtConfidence(threshold, criticalConfidence, true).size()));
        out.append("recall by variant:");
        recallByKind(threshold).forEach((kind, c) -> out.append(String.format(Locale.ROOT, " %s %.4f (%d);", kind,
                c[0] / c[1], (int) c[1])));
        out.append(System.lineSeparator()).append("false matches per 1,000 by region (without date of birth):");
        falseRatePerRegion(threshold, false).forEach((r, v) -> out.append(String.format(Locale.ROOT, " %s %.1f;", r, v)));
        out.append(System.lineSeparator()).append("curve: threshold | recall | false/1,000 without DOB | with DOB")
                .append(System.lineSeparator());
        for (int t = 70; t <= 98; t += 2) {
            double x = t / 100.0;
            out.append(String.format(Locale.ROOT, "  %.2f | %.4f | %.2f | %.2f%n", x, recall(x, null),
                    falsePerThousand(x, false), falsePerThousand(x, true)));
        }
        return out.toString();
    }
}
