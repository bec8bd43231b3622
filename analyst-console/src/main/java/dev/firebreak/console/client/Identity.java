package dev.firebreak.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** identity-service's sanctions lists, as the console shows them to analysts and operators. */
@RegisterRestClient(configKey = "identity-service")
@RegisterClientHeaders(PersonToken.class)
@Path("/api/v1/watchlists")
@Produces(MediaType.APPLICATION_JSON)
public interface Identity {

    @GET
    JsonNode lists();

    @GET
    @Path("/rescreens")
    JsonNode rescreens();
}
