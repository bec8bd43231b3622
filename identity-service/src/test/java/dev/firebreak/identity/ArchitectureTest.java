package dev.firebreak.identity;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.firebreak.localstack.testing.ResourceRules;
import jakarta.ws.rs.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries of CONVENTIONS.md "Service code", held by the build. */
@AnalyzeClasses(packages = "dev.firebreak.identity", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule contractTypesStayInTheMessagingPackage = noClasses()
            .that().resideOutsideOfPackage("dev.firebreak.identity.signal..")
            .should().dependOnClassesThat().resideInAPackage("dev.firebreak.contract..")
            .because("only the messaging edge maps signal-contract types to the service's own");

    @ArchTest
    static final ArchRule resourcesLiveInTheApiPackage = classes()
            .that().areAnnotatedWith(Path.class)
            .should().resideInAPackage("dev.firebreak.identity.api..");

    @ArchTest
    static final ArchRule onlyTheApiUsesJaxRs = noClasses()
            .that().resideOutsideOfPackage("dev.firebreak.identity.api..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..");

    @ArchTest
    static final ArchRule detectorsArePureClasses = noClasses()
            .that().resideInAPackage("dev.firebreak.identity.nexus..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "jakarta.enterprise..",
                    "io.quarkus..", "org.apache.kafka..")
            .because("detectors are small, pure classes with unit tests (CONVENTIONS.md)");

    @ArchTest
    static final ArchRule everyEndpointNamesItsRoles = ResourceRules.everyEndpointNamesItsRoles();
}
