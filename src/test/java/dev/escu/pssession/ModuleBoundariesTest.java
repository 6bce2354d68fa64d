package dev.escu.pssession;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Arrows point down toward detection; nothing points back up (CONVENTIONS.md). */
@AnalyzeClasses(packages = "dev.escu.pssession", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule modulesOnlyDependDownwards = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Ingest").definedBy("dev.escu.pssession.ingest..")
            .layer("Findings").definedBy("dev.escu.pssession.findings..")
            .layer("Risk").definedBy("dev.escu.pssession.risk..")
            .layer("Tuning").definedBy("dev.escu.pssession.tuning..")
            .layer("Catalog").definedBy("dev.escu.pssession.catalog..")
            .layer("ScriptBlocks").definedBy("dev.escu.pssession.scriptblocks..")
            .layer("Web").definedBy("dev.escu.pssession.web..")
            .layer("Detection").definedBy("dev.escu.pssession.detection..")
            .whereLayer("Ingest").mayNotBeAccessedByAnyLayer()
            .whereLayer("Findings").mayOnlyBeAccessedByLayers("Ingest")
            .whereLayer("Risk").mayOnlyBeAccessedByLayers("Ingest", "Findings")
            .whereLayer("Tuning").mayOnlyBeAccessedByLayers("Ingest", "Findings")
            .whereLayer("Catalog").mayOnlyBeAccessedByLayers("Ingest", "Findings", "Risk", "Tuning")
            .whereLayer("ScriptBlocks").mayOnlyBeAccessedByLayers("Ingest")
            .whereLayer("Web").mayOnlyBeAccessedByLayers("Ingest", "Findings", "Risk", "Tuning", "Catalog", "ScriptBlocks");

    @ArchTest
    static final ArchRule detectionIsPlainJava = noClasses().that().resideInAPackage("dev.escu.pssession.detection..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "org.hibernate..",
                    "dev.escu.pssession.ingest..", "dev.escu.pssession.findings..", "dev.escu.pssession.risk..",
                    "dev.escu.pssession.tuning..", "dev.escu.pssession.web..", "dev.escu.pssession.catalog..",
                    "dev.escu.pssession.scriptblocks..");

    @ArchTest
    static final ArchRule parsersKnowNothingOfSpring = noClasses().that().resideInAPackage("dev.escu.pssession.ingest.format..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.escu.pssession.(*)..").should().beFreeOfCycles();
}
