package dev.firebreak.payments.api.identity;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * identity-service's {@code POST /api/v1/screenings}, called with this service's own client-credentials token
 * (role {@code screening}; the OIDC client filter obtains and refreshes it).
 */
@RegisterRestClient(configKey = "identity")
@OidcClientFilter
@Path("/api/v1/screenings")
public interface IdentityScreeningClient {

    record Query(String name, String dateOfBirth, String nationality, List<String> identifiers) {
    }

    record Match(double score, String source, String entryId, String listedName, String matchedAlias, String explanation) {
    }

    record Result(List<Match> matches) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Result screen(Query query);
}
