package dev.porthole.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The server's package rules, as docs/ARCHITECTURE.md states them. */
@AnalyzeClasses(packages = "dev.porthole.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ServerArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesHaveNoCycles =
            slices().matching("dev.porthole.server.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noJunkDrawerPackages = noClasses()
            .should()
            .resideInAnyPackage("..util..", "..utils..", "..common..", "..helpers..", "..misc..", "..manager..");

    @ArchTest
    static final ArchRule theCiCompilerIsPure = noClasses()
            .that()
            .resideInAPackage("..server.ciconfig..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages("dev.porthole.server.ciconfig..", "java..", "org.snakeyaml..")
            .because("the YAML compiler is a pure function from text to a configuration");

    @ArchTest
    static final ArchRule theDomainKnowsNoHttp = noClasses()
            .that()
            .resideInAnyPackage(
                    "..server.pipeline..",
                    "..server.project..",
                    "..server.account..",
                    "..server.runner..",
                    "..server.trace..",
                    "..server.queue..",
                    "..server.trigger..",
                    "..server.repository..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "jakarta.servlet..",
                    "org.springframework.web..",
                    "org.springframework.http..",
                    "dev.porthole.protocol..",
                    "dev.porthole.server.restapi..",
                    "dev.porthole.server.runnerapi..",
                    "dev.porthole.server.git..");

    @ArchTest
    static final ArchRule protocolRecordsStayAtTheApiEdges = noClasses()
            .that()
            .resideOutsideOfPackages("dev.porthole.server.runnerapi..", "dev.porthole.server.restapi..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.porthole.protocol..")
            .because("wire records are mapped to domain types at the API edge");

    @ArchTest
    static final ArchRule nothingDependsOnTheApplicationWiring = noClasses()
            .that()
            .resideOutsideOfPackage("dev.porthole.server.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.porthole.server.app..");

    @ArchTest
    static final ArchRule apiControllersAreLeaves = noClasses()
            .that()
            .resideOutsideOfPackages("dev.porthole.server.restapi..", "dev.porthole.server.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.porthole.server.restapi..");
}
