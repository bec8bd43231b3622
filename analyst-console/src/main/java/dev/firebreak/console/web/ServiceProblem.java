package dev.firebreak.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.function.Supplier;

/**
 * A service's refusal or failure, as the console shows it: the service's status (404: not found in the person's
 * tenant; 403: their role may not; 400: what was wrong; 412: someone changed it meanwhile) with the service's own
 * explanation, or 503 when the service did not answer.
 */
public class ServiceProblem extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String detail;

    public ServiceProblem(int status, String detail) {
        super(status + " " + detail, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    /** Calls a service, turning its refusals and its silence into a ServiceProblem. */
    public static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            throw new ServiceProblem(e.getResponse().getStatus(), detail(e.getResponse()));
        } catch (ProcessingException e) {
            throw new ServiceProblem(503, service + " did not answer; try again in a moment");
        }
    }

    /** The problem document's detail (and the first field error), else the status's reason. */
    private static String detail(Response response) {
        try {
            response.bufferEntity();
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            String detail = body.path("detail").asText("");
            JsonNode field = body.path("errors").path(0);
            if (!field.isMissingNode()) {
                detail = (detail.isEmpty() ? "" : detail + ": ") + field.path("field").asText() + " "
                        + field.path("message").asText();
            }
            return detail.isEmpty() ? response.getStatusInfo().getReasonPhrase() : detail;
        } catch (RuntimeException | java.io.IOException e) {
            return response.getStatusInfo().getReasonPhrase();
        }
    }
}
