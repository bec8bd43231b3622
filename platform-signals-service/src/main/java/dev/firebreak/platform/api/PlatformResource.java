package dev.firebreak.platform.api;

import dev.firebreak.kit.tenancy.TenantContext;
import dev.firebreak.platform.account.AccountService;
import dev.firebreak.platform.event.EventService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import java.util.List;

/** Platform behaviour: event batches in, per-account signals out. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@OpenAPIDefinition(info = @Info(title = "Firebreak platform-signals-service", version = "v1",
        description = "Platform behaviour analytics (UK OFSI DPRK IT workers advisory)"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class PlatformResource {

    public static final int MAX_BATCH = 1000;

    private final EventService events;
    private final AccountService accounts;
    private final TenantContext tenant;

    public PlatformResource(EventService events, AccountService accounts, TenantContext tenant) {
        this.events = events;
        this.accounts = accounts;
        this.tenant = tenant;
    }

    @POST
    @Path("/events")
    @RolesAllowed("ingest")
    @Operation(summary = "Ingest a batch of platform events (idempotent on eventId; at most 1000 per batch)")
    public EventService.BatchResult ingest(@NotNull @NotEmpty @Size(max = MAX_BATCH) List<@Valid @NotNull EventRequest> batch) {
        return events.ingest(tenant.tenantId(), batch);
    }

    @GET
    @Path("/accounts/{accountId}/signals")
    @RolesAllowed("analyst")
    @Operation(summary = "What the service holds about an account and the signals raised about it")
    public AccountService.AccountSignals signals(
            @PathParam("accountId") @Pattern(regexp = EventRequest.ID) String accountId) {
        return accounts.find(tenant.tenantId(), accountId);
    }
}
