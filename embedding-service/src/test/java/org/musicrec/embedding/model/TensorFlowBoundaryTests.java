package org.musicrec.embedding.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class TensorFlowBoundaryTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.musicrec.embedding");

    @Test
    void onlyTheModelPackageTouchesTensorFlow() {
        noClasses().that().resideOutsideOfPackage("org.musicrec.embedding.model..")
                .should().dependOnClassesThat().resideInAPackage("org.tensorflow..")
                .check(classes);
    }

    @Test
    void theAudioPackageDoesNotDependOnTheModel() {
        noClasses().that().resideInAPackage("org.musicrec.embedding.audio..")
                .should().dependOnClassesThat().resideInAPackage("org.musicrec.embedding.model..")
                .check(classes);
    }
}
