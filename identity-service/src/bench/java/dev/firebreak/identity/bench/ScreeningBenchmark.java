package dev.firebreak.identity.bench;

import dev.firebreak.identity.screening.Screener;
import dev.firebreak.identity.watchlist.OfacCsvParser;
import dev.firebreak.identity.watchlist.UnXmlParser;
import dev.firebreak.identity.watchlist.WatchlistEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Single-thread screening latency with the real UN and OFAC lists of ../shared/reference/lists loaded, over a
 * mix of queries (listed people under other romanisations, a listed entity, common names that are not listed).
 * Also prints how long each list takes to parse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScreeningBenchmark {

    private static final Screener.SubjectType PERSON = Screener.SubjectType.PERSON;
    // the same eight queries as before issue 28, persons screened as persons, the entity as an organisation
    private static final List<Screener.Query> QUERIES = List.of(
            new Screener.Query("Kim Yong-chol", "1962", null, List.of(), PERSON),
            new Screener.Query("Yun Ho-chin", null, null, List.of(), PERSON),
            new Screener.Query("Ri Su Yong", null, null, List.of(), PERSON),
            new Screener.Query("Korea Mining Development Trading Corp", null, null, List.of(),
                    Screener.SubjectType.ORGANISATION),
            new Screener.Query("John Smith", "1980", null, List.of(), PERSON),
            new Screener.Query("Maria Garcia Lopez", null, null, List.of(), PERSON),
            new Screener.Query("Mohammed Ali", "1975", null, List.of(), PERSON),
            new Screener.Query("Eleanor Rose Hartley", null, null, List.of(), PERSON));

    private Screener screener;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path lists = Path.of(System.getProperty("firebreak.lists", "../../shared/reference/lists"));
        List<WatchlistEntry> entries = new ArrayList<>();
        long t0 = System.nanoTime();
        try (InputStream un = Files.newInputStream(lists.resolve("un/consolidated.xml"))) {
            UnXmlParser.parse(un, entries::add);
        }
        long t1 = System.nanoTime();
        int un = entries.size();
        try (Reader sdn = Files.newBufferedReader(lists.resolve("us-ofac-sdn/sdn.csv"), StandardCharsets.ISO_8859_1);
             Reader alt = Files.newBufferedReader(lists.resolve("us-ofac-sdn/alt.csv"), StandardCharsets.ISO_8859_1)) {
            OfacCsvParser.parse(sdn, alt, entries::add);
        }
        long t2 = System.nanoTime();
        screener = new Screener(entries, Screener.MATCH_THRESHOLD);
        long t3 = System.nanoTime();
        long names = entries.stream().mapToLong(e -> e.names().size()).sum();
        System.out.printf("%nlists: UN %d entries parsed in %d ms; SDN %d entries in %d ms; %d names indexed in %d ms%n",
                un, (t1 - t0) / 1_000_000, entries.size() - un, (t2 - t1) / 1_000_000, names, (t3 - t2) / 1_000_000);
    }

    @Benchmark
    public List<Screener.Match> screen() {
        Screener.Query query = QUERIES.get(next);
        next = (next + 1) % QUERIES.size();
        return screener.screen(query);
    }
}
