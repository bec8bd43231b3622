package dev.firebreak.console.web;

import dev.firebreak.console.client.Identity;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * The sanctions lists identity-service screens against: each list's version, when it was loaded and its size; and,
 * for operators (the counts are deployment-wide, no tenant's business), the latest re-screening runs.
 */
@Path("/lists")
public class ListsResource {

    @Inject
    @RestClient
    Identity identity;

    @Inject
    Person person;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance lists() {
        List<Views.ListRow> lists = Views.lists(ServiceProblem.call("identity-service", identity::lists));
        List<Views.RescreenRow> rescreens = person.operator()
                ? Views.rescreens(ServiceProblem.call("identity-service", identity::rescreens)) : List.of();
        return Pages.lists(person, lists, rescreens, person.operator());
    }
}
