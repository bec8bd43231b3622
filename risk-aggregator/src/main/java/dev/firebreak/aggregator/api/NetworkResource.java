package dev.firebreak.aggregator.api;

import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Clusters of workers linked through shared identifiers. */
@Path("/api/v1/networks")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
public class NetworkResource {

    private final Links links;
    private final AssessmentRefresh states;
    private final TenantContext tenant;

    public NetworkResource(Links links, AssessmentRefresh states, TenantContext tenant) {
        this.links = links;
        this.states = states;
        this.tenant = tenant;
    }

    /** A member and its current tier. */
    public record Member(String workerId, String tier) {
    }

    /** One shared identifier between two members: which, seen by which services, since when. */
    public record Link(String from, String to, String identifierType, String identifier, List<String> seenBy,
                       Instant since) {
    }

    public record Network(String clusterId, List<Member> members, List<Link> links) {
    }

    @GET
    @Path("/{clusterId}")
    @RolesAllowed("analyst")
    @Transactional
    @Operation(summary = "A cluster's members and the identifiers that link them")
    public Network network(@PathParam("clusterId") @Pattern(regexp = "cl-[0-9a-f-]{36}") String clusterId) {
        String tenantId = tenant.tenantId();
        List<String> members = links.members(tenantId, clusterId);
        if (members.isEmpty()) {
            throw ProblemException.notFound("network " + clusterId);
        }
        Map<String, String> tiers = states.tiers(tenantId, members);
        Set<String> inCluster = new TreeSet<>(members);
        List<Link> edges = new ArrayList<>();
        for (String member : members) {
            for (var l : links.links(tenantId, member, null)) { // the network package's Link, not this API's
                if (member.compareTo(l.to()) < 0 && inCluster.contains(l.to())) {
                    edges.add(new Link(l.from(), l.to(), l.type(), l.value(), List.of(l.fromSource(), l.toSource()), l.since()));
                }
            }
        }
        return new Network(clusterId, members.stream().map(m -> new Member(m, tiers.getOrDefault(m, "CLEAR"))).toList(),
                edges);
    }
}
