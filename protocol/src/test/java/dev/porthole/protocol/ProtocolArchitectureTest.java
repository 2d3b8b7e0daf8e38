package dev.porthole.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The protocol depends on nothing of ours, and its wire types are records. */
@AnalyzeClasses(packages = "dev.porthole.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTest {
    @ArchTest
    static final ArchRule dependsOnNothingOfOurs = classes()
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.porthole.protocol..", "java..", "com.fasterxml.jackson..", "tools.jackson..");
}
