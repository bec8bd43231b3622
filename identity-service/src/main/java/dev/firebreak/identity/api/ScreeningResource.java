package dev.firebreak.identity.api;

import dev.firebreak.identity.rescreen.RescreeningService;
import dev.firebreak.identity.screening.Screener;
import dev.firebreak.identity.screening.ScreeningService;
import dev.firebreak.identity.watchlist.WatchlistRefresher;
import dev.firebreak.identity.watchlist.WatchlistService;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.api.Batches;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Sanctions lists (deployment-wide, role operator) and screening against them. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
public class ScreeningResource {

    private final WatchlistService watchlists;
    private final ScreeningService screening;
    private final RescreeningService rescreening;
    private final WatchlistRefresher refresher;

    public ScreeningResource(WatchlistService watchlists, ScreeningService screening, RescreeningService rescreening,
                             WatchlistRefresher refresher) {
        this.refresher = refresher;
        this.watchlists = watchlists;
        this.screening = screening;
        this.rescreening = rescreening;
    }

    @PUT
    @Path("/watchlists/{source}")
    @RolesAllowed("operator")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Replace a list from its official file: uk-ofsi-csv, uk-ofsi-xml, uk-fcdo-csv, un-xml, us-sdn-csv (a zip of sdn.csv and alt.csv), us-sdn-xml or ftm-json")
    public WatchlistService.ImportResult importList(@PathParam("source") String source, InputStream body) {
        return watchlists.importList(source, body);
    }

    @POST
    @Path("/watchlists/{source}/refresh")
    @RolesAllowed("operator")
    @Operation(summary = "Fetch a source from its configured address now, check it and import it if it passes (what the "
            + "schedule does); 404 for a source without an address, 409 while a refresh of it runs")
    public WatchlistRefresher.Result refresh(@PathParam("source") String source) {
        if (!WatchlistService.SOURCES.contains(source)) {
            throw ProblemException.invalidField("source", "one of " + new java.util.TreeSet<>(WatchlistService.SOURCES));
        }
        return refresher.refreshNow(source);
    }

    @GET
    @Path("/watchlists/refreshes")
    @RolesAllowed("operator")
    @Operation(summary = "The sources that refresh themselves: address, interval, last attempt and success, outcome")
    public List<WatchlistRefresher.State> refreshes() {
        return refresher.states();
    }

    @GET
    @Path("/watchlists")
    @RolesAllowed({"operator", "analyst", "screening"})
    @Operation(summary = "The loaded lists and their latest versions")
    public List<WatchlistService.Loaded> loaded() {
        return watchlists.loaded();
    }

    @GET
    @Path("/watchlists/rescreens")
    @RolesAllowed("operator") // deployment-wide counts: no tenant's business
    @Operation(summary = "The latest continuous-screening runs: which import started each, workers screened, new signals")
    public List<RescreeningService.Job> rescreens() {
        return rescreening.recent(20);
    }

    @POST
    @Path("/screenings")
    @RolesAllowed({"ingest", "screening"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Screen a person's or organisation's name, date of birth, nationality and identifiers; matches at or above the threshold, most confident first, each with its score, its confidence and what it rests on")
    public ScreeningResult screen(@Valid @NotNull ScreeningRequest request) {
        return new ScreeningResult(screening.screen(new Screener.Query(request.name(), request.dateOfBirth(),
                request.nationality(), request.identifiers(), request.type())));
    }

    @POST
    @Path("/screenings/batch")
    @RolesAllowed({"ingest", "screening"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Screen up to 1000 names at once: checked whole first (a bad element: 400 naming [i].field, "
            + "nothing screened); the results in the batch's order")
    public List<ScreeningResult> screenAll(@NotNull @Size(min = 1, max = Batches.MAX,
            message = "must hold 1 to 1000 screenings") List<@Valid @NotNull ScreeningRequest> batch) {
        List<ScreeningResult> results = new ArrayList<>(batch.size());
        for (ScreeningRequest request : batch) {
            results.add(screen(request));
        }
        return results;
    }

    /** The matches of one screening. */
    public record ScreeningResult(List<Screener.Match> matches) {
    }
}
