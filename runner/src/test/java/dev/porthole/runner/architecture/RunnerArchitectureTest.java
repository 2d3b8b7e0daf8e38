package dev.porthole.runner.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The runner's package rules, as docs/ARCHITECTURE.md states them. */
@AnalyzeClasses(packages = "dev.porthole.runner", importOptions = ImportOption.DoNotIncludeTests.class)
class RunnerArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesHaveNoCycles =
            slices().matching("dev.porthole.runner.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noJunkDrawerPackages = noClasses()
            .should()
            .resideInAnyPackage("..util..", "..utils..", "..common..", "..helpers..", "..misc..", "..manager..");

    @ArchTest
    static final ArchRule executorsKnowOnlyTheirContract = noClasses()
            .that()
            .resideInAPackage("..runner.executor..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..runner.job..", "..runner.polling..", "..runner.cli..", "..runner.client..", "..runner.config..");

    @ArchTest
    static final ArchRule theRunnerIsNotAServer = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.porthole.server..", "org.springframework..");

    @ArchTest
    static final ArchRule nothingDependsOnTheCommandLine = noClasses()
            .that()
            .resideOutsideOfPackage("..runner.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..runner.cli..");

    @ArchTest
    static final ArchRule onlyTheClientSpeaksHttp = noClasses()
            .that()
            .resideOutsideOfPackage("..runner.client..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.net.http..");
}
