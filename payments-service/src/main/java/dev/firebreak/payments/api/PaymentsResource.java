package dev.firebreak.payments.api;

import dev.firebreak.kit.tenancy.TenantContext;
import dev.firebreak.payments.payout.PayoutService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Payout accounts in, what the service holds about a worker out. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@OpenAPIDefinition(info = @Info(title = "Firebreak payments-service", version = "v1",
        description = "Payment-routing screening (UK OFSI DPRK IT workers advisory)"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class PaymentsResource {

    private final PayoutService payouts;
    private final TenantContext tenant;

    public PaymentsResource(PayoutService payouts, TenantContext tenant) {
        this.payouts = payouts;
        this.tenant = tenant;
    }

    @POST
    @Path("/payout-accounts")
    @RolesAllowed("ingest")
    @Operation(summary = "Report a worker's payout account (idempotent on worker, account and observedAt)")
    public Response submit(@Valid @NotNull PayoutAccountRequest request) {
        PayoutService.Result result = payouts.submit(tenant.tenantId(), request);
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @GET
    @Path("/workers/{workerId}/payments")
    @RolesAllowed("analyst")
    @Operation(summary = "Payout accounts and signals the service holds for a worker")
    public PayoutService.WorkerPayments payments(
            @PathParam("workerId") @Pattern(regexp = "[A-Za-z0-9._:@-]{1,100}") String workerId) {
        return payouts.find(tenant.tenantId(), workerId);
    }
}
