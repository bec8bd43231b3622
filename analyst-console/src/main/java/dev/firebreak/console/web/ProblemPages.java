package dev.firebreak.console.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A service's refusal as a page of the console, with the service's status and its explanation. */
public class ProblemPages {

    private static final Logger LOG = Logger.getLogger(ProblemPages.class);

    @Inject
    Person person;

    @ServerExceptionMapper
    public Response problem(ServiceProblem problem) {
        String title = switch (problem.status()) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 400 -> "That was not accepted";
            case 409, 412 -> "Changed meanwhile";
            case 503 -> "A service did not answer";
            default -> "Something went wrong";
        };
        String detail = switch (problem.status()) {
            case 404 -> "There is no such worker, network or page in your tenant.";
            case 403 -> "Your role does not allow this (" + person.roles() + "). " + problem.detail();
            case 412 -> "Someone changed this case after you opened it; open it again to see their change. "
                    + problem.detail();
            default -> problem.detail();
        };
        if (problem.status() >= 500) {
            LOG.warnf("a service answered %d", problem.status()); // no detail: it could name a worker
        }
        return Response.status(problem.status() == 412 ? 409 : problem.status())
                .entity(Pages.problem(person, problem.status(), title, detail, "/"))
                .type(MediaType.TEXT_HTML_TYPE).build();
    }
}
