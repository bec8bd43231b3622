package dev.firebreak.console.web;

import dev.firebreak.console.client.Aggregator;
import dev.firebreak.console.view.NetworkDrawing;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** A whole cluster of linked workers, drawn, with each member's tier and the identifiers that link them. */
@Path("/networks/{clusterId}")
public class NetworkResource {

    @Inject
    @RestClient
    Aggregator aggregator;

    @Inject
    Person person;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance network(@PathParam("clusterId") String clusterId) {
        if (!clusterId.matches("cl-[0-9a-f-]{36}")) {
            throw new ServiceProblem(404, "no network of that id");
        }
        NetworkDrawing.Drawing drawing = NetworkDrawing.draw(
                ServiceProblem.call("risk-aggregator", () -> aggregator.network(clusterId)), null);
        return Pages.network(person, clusterId, drawing);
    }
}
