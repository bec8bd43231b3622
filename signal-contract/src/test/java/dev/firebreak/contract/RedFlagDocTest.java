package dev.firebreak.contract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code docs/red-flags.md}, the catalogue as users read it, is written from the catalogue itself, so the two cannot
 * drift: this test renders it and fails when the committed file differs. After changing {@code red-flags.json}, run
 * it once with {@code -Dfirebreak.docs.write=true} to rewrite the file.
 */
class RedFlagDocTest {

    private static final Path DOC = Path.of("../docs/red-flags.md");

    static String render(RedFlagCatalogue catalogue) {
        StringBuilder out = new StringBuilder("""
                # Red flags

                Every signal Firebreak publishes carries one of the codes below. A code is a contract: clients filter,
                suppress and report on it, so it is never renamed or reused; a new detector gets a new code. The
                severity is the detector's default. Each row quotes the part of the UK Treasury's OFSI advisory on
                DPRK IT workers whose red flag it implements; analysts see that passage in every assessment
                (`advisoryPassage`). How each detector decides is in its service's README; how flags combine into a
                tier is in [architecture.md](architecture.md#tiers).

                A signal lasts as its code's row says ("lasts"): its producer sets `expiresAt` to the evidence's time
                plus the code's lifetime, after which it stops counting and the worker's tier, stored state and
                `risk.assessments` follow. Codes without a lifetime last until their producer withdraws them (a
                re-screen, a contradicting date of birth, a valid document superseding a failed one) or, for the
                aggregator's own flags, while what they are derived from lasts. New evidence raises new signals, so
                a behaviour that goes on keeps its flag.

                This file is written from `signal-contract/src/main/resources/dev/firebreak/contract/red-flags.json`
                by `RedFlagDocTest` (run it with `-Dfirebreak.docs.write=true` after changing the catalogue): do not
                edit it by hand.
                """);
        for (Category category : Category.values()) {
            List<RedFlag> flags = catalogue.all().stream().filter(f -> f.category() == category).toList();
            out.append("\n## ").append(heading(category)).append("\n\n")
                    .append("| code | red flag | severity | lasts | advisory section | the advisory's words |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (RedFlag f : flags) {
                out.append("| ").append(f.code()).append(" | ").append(cell(f.title())).append(" | ")
                        .append(f.severity()).append(" | ").append(cell(f.lifetimeNote())).append(" | ")
                        .append(cell(f.advisorySection())).append(" | ").append(cell(f.advisoryPassage())).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String heading(Category category) {
        return switch (category) {
            case IDENTITY -> "Identity (identity-service)";
            case PLATFORM -> "Platform behaviour (platform-signals-service)";
            case PAYMENT -> "Payments (payments-service)";
            case NETWORK -> "Network and combination (risk-aggregator)";
        };
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    @Test
    void theDocumentedCatalogueIsTheCatalogue() throws IOException {
        String rendered = render(RedFlagCatalogue.standard());
        if (Boolean.getBoolean("firebreak.docs.write")) {
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(rendered, Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "",
                "docs/red-flags.md differs from the catalogue: rerun RedFlagDocTest with -Dfirebreak.docs.write=true");
    }
}
