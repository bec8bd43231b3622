package dev.firebreak.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.Map;

/** The risk-aggregator's API as the console uses it (answers as JSON trees: the console renders, never decides). */
@RegisterRestClient(configKey = "risk-aggregator")
@RegisterClientHeaders(PersonToken.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface Aggregator {

    @GET
    @Path("/workers")
    Response workers(@QueryParam("tier") String tier, @QueryParam("code") String code,
                     @QueryParam("status") String status, @QueryParam("assignee") String assignee,
                     @QueryParam("review") String review, @QueryParam("q") String q,
                     @QueryParam("after") String after, @QueryParam("limit") Integer limit);

    @GET
    @Path("/workers/counts")
    JsonNode counts(@QueryParam("changedSince") String changedSince);

    @GET
    @Path("/workers/{id}/assessment")
    JsonNode assessment(@PathParam("id") String workerId);

    @GET
    @Path("/workers/{id}/case")
    JsonNode workerCase(@PathParam("id") String workerId);

    @PUT
    @Path("/workers/{id}/case")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode updateCase(@PathParam("id") String workerId, @HeaderParam("If-Match") String ifMatch,
                        Map<String, Object> change);

    @POST
    @Path("/workers/{id}/reviews")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode review(@PathParam("id") String workerId, Map<String, Object> review);

    @GET
    @Path("/workers/{id}/report")
    @Produces("text/markdown")
    String reportMarkdown(@PathParam("id") String workerId, @QueryParam("format") String format);

    @GET
    @Path("/workers/{id}/report")
    JsonNode report(@PathParam("id") String workerId);

    @GET
    @Path("/networks/{id}")
    JsonNode network(@PathParam("id") String clusterId);
}
