package dev.firebreak.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.console.client.Aggregator;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queue ({@code /}): the tenant's workers, worst tier and highest score first, with filters, a search by worker
 * id, the counts per tier, and what changed since the person's last visit. Paging is the API's (a cursor), so a
 * tenant of 100,000 workers costs what a small one does.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class QueueResource {

    /** The start of the current visit's comparison (a session cookie), and the person's latest visit (90 days). */
    static final String VISIT = "fb_visit", LAST = "fb_last";
    private static final Pattern NEXT = Pattern.compile("<[^>]*[?&]after=([^&>]+)[^>]*>;\\s*rel=\"?next\"?");

    @Inject
    @RestClient
    Aggregator aggregator;

    @Inject
    Person person;

    @GET
    public Response queue(@QueryParam("tier") String tier, @QueryParam("code") String code,
                          @QueryParam("status") String status, @QueryParam("assignee") String assignee,
                          @QueryParam("review") String review, @QueryParam("q") String q,
                          @QueryParam("after") String after, @CookieParam(VISIT) String visit,
                          @CookieParam(LAST) String last) {
        Views.Filter filter = new Views.Filter(blank(tier), blank(code), blank(status), blank(assignee), blank(review),
                blank(q));
        Instant since = Visits.since(person.name(), visit, last);
        JsonNode counts = ServiceProblem.call("risk-aggregator",
                () -> aggregator.counts(since == null ? null : since.toString()));
        Response listed = ServiceProblem.call("risk-aggregator", () -> aggregator.workers(filter.tier(), filter.code(),
                filter.status(), filter.assignee(), filter.review(), filter.q(), blank(after), 50));
        JsonNode rows = listed.readEntity(JsonNode.class);
        String nextUrl = null;
        Matcher next = NEXT.matcher(String.valueOf(listed.getHeaderString("Link")));
        if (next.find()) {
            UriBuilder url = UriBuilder.fromPath("/");
            query(url, "tier", filter.tier());
            query(url, "code", filter.code());
            query(url, "status", filter.status());
            query(url, "assignee", filter.assignee());
            query(url, "review", filter.review());
            query(url, "q", filter.q());
            nextUrl = url.queryParam("after", URLDecoder.decode(next.group(1), StandardCharsets.UTF_8)).build().toString();
        }
        Views.Queue queue = new Views.Queue(Views.tierCounts(counts, filter.tier()), counts.path("total").asLong(),
                counts.path("changedSince").isNumber() ? counts.path("changedSince").asLong() : null,
                Views.when(since), filter, Views.queueRows(rows, since), nextUrl, filter.any());
        Response.ResponseBuilder page = Response.ok(Pages.queue(person, queue));
        for (NewCookie cookie : Visits.cookies(person.name(), visit, since)) {
            page.cookie(cookie);
        }
        return page.build();
    }

    private static void query(UriBuilder url, String name, String value) {
        if (value != null) {
            url.queryParam(name, value);
        }
    }

    static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
