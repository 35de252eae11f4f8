package dev.tensorlens;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
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
    void onlyTheServiceLayerTouchesLettuce() {
        noClasses().that().resideOutsideOfPackage("dev.tensorlens.redis..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.netty..", "reactor..")
                .check(classes);
    }

    @Test
    void valuesAreReadThroughTheTensorLoaderAlone() {
        // outside the service layer, nothing reads a value's bytes by itself: the TensorLoader measures, refuses,
        // chunks and decodes off Lettuce's threads, for the views and the command line alike
        noClasses().that().resideOutsideOfPackage("dev.tensorlens.redis..")
                .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.<JavaClass>owner(
                        JavaClass.Predicates.simpleName("ValueReader")))
                        .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching("read.*"))))
                .because("the TensorLoader is the one place that reads tensors")
                .check(classes);
    }

    @Test
    void theServiceLayerSpeaksBytesNotLettuce() {
        // what redis/ offers to the rest of the app: no Lettuce type in a public signature
        methods().that().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("dev.tensorlens.redis..")
                .and().areDeclaredInClassesThat().arePublic()
                .should(new ArchCondition<>("not take or return Lettuce types") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        boolean lettuce = Stream.concat(Stream.of(method.getReturnType()), method.getParameterTypes().stream())
                                .flatMap(t -> t.getAllInvolvedRawTypes().stream())
                                .anyMatch(t -> t.getPackageName().startsWith("io.lettuce"));
                        if (lettuce) {
                            events.add(SimpleConditionEvent.violated(method,
                                    method.getFullName() + " exposes a Lettuce type"));
                        }
                    }
                })
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
