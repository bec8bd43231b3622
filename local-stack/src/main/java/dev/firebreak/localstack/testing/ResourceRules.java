package dev.firebreak.localstack.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

/**
 * Architecture rules every service's ArchitectureTest holds. The services deny an endpoint that names no roles
 * ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}); this rule makes the build say so before a client does.
 */
public final class ResourceRules {

    private static final List<Class<? extends java.lang.annotation.Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);

    private ResourceRules() {
    }

    /** Every resource method (of a class, not a REST client's interface) names its roles or says it is open. */
    public static ArchRule everyEndpointNamesItsRoles() {
        return methods().that(new DescribedPredicate<JavaMethod>("are resource methods") {
                    @Override
                    public boolean test(JavaMethod method) {
                        return !method.getOwner().isInterface()
                                && VERBS.stream().anyMatch(method::isAnnotatedWith);
                    }
                })
                .should(new ArchCondition<JavaMethod>("name their roles (@RolesAllowed) or be open on purpose (@PermitAll)") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        boolean named = method.isAnnotatedWith(RolesAllowed.class) || method.isAnnotatedWith(PermitAll.class)
                                || method.getOwner().isAnnotatedWith(RolesAllowed.class)
                                || method.getOwner().isAnnotatedWith(PermitAll.class);
                        events.add(new SimpleConditionEvent(method, named,
                                method.getFullName() + (named ? " names its roles" : " names no roles")));
                    }
                })
                .because("an endpoint is closed unless it says who may call it");
    }
}
