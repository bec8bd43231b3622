package dev.firebreak.platform;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.firebreak.localstack.testing.ResourceRules;
import jakarta.ws.rs.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries of CONVENTIONS.md "Service code", held by the build. */
@AnalyzeClasses(packages = "dev.firebreak.platform", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule contractTypesStayInTheMessagingPackage = noClasses()
            .that().resideOutsideOfPackage("dev.firebreak.platform.signal..")
            .should().dependOnClassesThat().resideInAPackage("dev.firebreak.contract..")
            .because("only the messaging edge maps signal-contract types to the service's own");

    @ArchTest
    static final ArchRule resourcesLiveInTheApiPackage = classes()
            .that().areAnnotatedWith(Path.class)
            .should().resideInAPackage("dev.firebreak.platform.api..");

    @ArchTest
    static final ArchRule onlyTheApiUsesJaxRs = noClasses()
            .that().resideOutsideOfPackage("dev.firebreak.platform.api..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..");

    @ArchTest
    static final ArchRule theDetectorsKnowNoKafka = noClasses()
            .that().resideInAPackage("dev.firebreak.platform.detect..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.firebreak.platform.stream..")
            .because("the detectors read an account's history through AccountHistory, so the unit tests run the code the"
                    + " topology runs");

    @ArchTest
    static final ArchRule everyEndpointNamesItsRoles = ResourceRules.everyEndpointNamesItsRoles();
}
