package dev.tensorlens;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/** The arrows of ARCHITECTURE.md: {@code tensor ← mlstate ← redis ← {ui, cli, demo}}, and who may import what. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tensorlens");
    }

    @Test
    void layersOnlyPointDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true) // tensor and mlstate arrive with the codecs
                .layer("Launcher").definedBy("dev.tensorlens")
                .layer("Tensor").definedBy("dev.tensorlens.tensor..")
                .layer("MlState").definedBy("dev.tensorlens.mlstate..")
                .layer("Redis").definedBy("dev.tensorlens.redis..")
                .layer("Settings").definedBy("dev.tensorlens.settings..")
                .layer("Demo").definedBy("dev.tensorlens.demo..")
                .layer("Cli").definedBy("dev.tensorlens.cli..")
                .layer("Ui").definedBy("dev.tensorlens.ui..")
                .whereLayer("Tensor").mayOnlyBeAccessedByLayers("MlState", "Redis", "Demo", "Cli", "Ui")
                .whereLayer("MlState").mayOnlyBeAccessedByLayers("Redis", "Demo", "Cli", "Ui")
                .whereLayer("Redis").mayOnlyBeAccessedByLayers("Settings", "Demo", "Cli", "Ui")
                .whereLayer("Settings").mayOnlyBeAccessedByLayers("Launcher", "Cli", "Ui")
                .whereLayer("Demo").mayOnlyBeAccessedByLayers("Cli", "Ui")
                .whereLayer("Cli").mayOnlyBeAccessedByLayers("Launcher")
                .whereLayer("Ui").mayOnlyBeAccessedByLayers("Launcher")
                .check(classes);
    }

    @Test
    void onlyTheServiceLayerAndDemoTouchLettuce() {
        noClasses().that().resideInAnyPackage("dev.tensorlens.ui..", "dev.tensorlens.cli..",
                        "dev.tensorlens.tensor..", "dev.tensorlens.mlstate..", "dev.tensorlens.settings..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.netty..", "reactor..")
                .check(classes);
    }

    @Test
    void domainAndServicesNeverImportJavaFx() {
        noClasses().that().resideInAnyPackage("dev.tensorlens.tensor..", "dev.tensorlens.mlstate..",
                        "dev.tensorlens.redis..", "dev.tensorlens.demo..", "dev.tensorlens.settings..",
                        "dev.tensorlens.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void viewModelsHoldNoControls() {
        noClasses().that().resideInAPackage("dev.tensorlens.ui..").and().haveSimpleNameEndingWith("Model")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .check(classes);
    }
}
