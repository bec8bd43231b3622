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

    /** {@code type}: {@code PERSON}, {@code ORGANISATION}, or null for either. */
    record Query(String name, String dateOfBirth, String nationality, List<String> identifiers, String type) {
    }

    /**
     * One match. {@code confidence} is what it proves (a common name alone stays below the CRITICAL bar) and
     * {@code basis} what it rests on; both null from an identity-service older than them, where the score stands in.
     */
    record Match(double score, String source, String entryId, String listedName, String matchedAlias, String explanation,
                 Double confidence, String basis) {

        public double provenConfidence() {
            return confidence == null ? score : confidence;
        }
    }

    record Result(List<Match> matches) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Result screen(Query query);
}
