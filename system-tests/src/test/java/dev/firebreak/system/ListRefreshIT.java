package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.testing.FileServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A list that refreshes itself, on the real stack (issue 27): identity-service fetches uk-ofsi-csv from a publisher on
 * loopback (the shared stack's {@link FileServer}); a good file replaces the list, a file that shrank too much is
 * refused and the list stays, the same file again changes nothing; each outcome is in the metrics an alert reads.
 */
@ExtendWith(SharedStack.class)
class ListRefreshIT {

    private final LocalStack stack = SharedStack.stack();

    private JsonNode refresh() {
        Api.Reply reply = Api.post(stack, "identity-service", "/api/v1/watchlists/" + SharedStack.REFRESHED_LIST
                + "/refresh", stack.token("operator"), "");
        assertEquals(200, reply.status(), reply.body().toString());
        return reply.body();
    }

    private int entries() {
        for (JsonNode list : Api.get(stack, "identity-service", "/api/v1/watchlists", stack.token("operator")).body()) {
            if (list.path("source").asText().equals(SharedStack.REFRESHED_LIST)) {
                return list.path("entries").asInt();
            }
        }
        return 0;
    }

    private static double metric(String scrape, String name, String labels) {
        return Api.samples(scrape, name, labels.split(",")).stream().mapToDouble(Double::doubleValue).sum();
    }

    @Test
    void aGoodListReplacesTheCurrentOneAShrunkOneIsRefusedAndTheMetricsSaySo() {
        String source = "source=\"" + SharedStack.REFRESHED_LIST + "\"";
        FileServer.put(SharedStack.refreshedListUrl(), ListFiles.ofsiCsvOfStrangers(12));
        JsonNode imported = refresh();
        assertEquals("IMPORTED", imported.path("outcome").asText(), imported.toString());
        assertEquals(12, entries());
        String scrape = Api.metrics(stack, "identity-service");
        assertTrue(metric(scrape, "firebreak_watchlist_refreshes_total", "outcome=\"imported\"," + source) >= 1, scrape);
        assertEquals(0, metric(scrape, "firebreak_watchlist_refresh_failing", source));

        // a file that lost more than a fifth of the entries: refused, the list stays, the alert's gauge rises
        FileServer.put(SharedStack.refreshedListUrl(), ListFiles.ofsiCsvOfStrangers(5));
        JsonNode refused = refresh();
        assertEquals("REFUSED", refused.path("outcome").asText(), refused.toString());
        assertTrue(refused.path("detail").asText().contains("shrank"), refused.toString());
        assertEquals(12, entries());
        scrape = Api.metrics(stack, "identity-service");
        assertTrue(metric(scrape, "firebreak_watchlist_refreshes_total", "outcome=\"refused\"," + source) >= 1, scrape);
        assertEquals(1, metric(scrape, "firebreak_watchlist_refresh_failing", source));

        // the good file again: nothing changed, the gauge back down
        FileServer.put(SharedStack.refreshedListUrl(), ListFiles.ofsiCsvOfStrangers(12));
        assertEquals("UNCHANGED", refresh().path("outcome").asText());
        assertEquals(12, entries());
        assertEquals(0, metric(Api.metrics(stack, "identity-service"), "firebreak_watchlist_refresh_failing", source));
    }
}
