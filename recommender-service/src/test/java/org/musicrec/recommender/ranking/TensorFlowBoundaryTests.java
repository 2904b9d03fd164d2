package org.musicrec.recommender.ranking;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class TensorFlowBoundaryTests {

    @Test
    void onlyTheRankingPackageTouchesTensorFlow() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.musicrec.recommender");
        noClasses().that().resideOutsideOfPackage("org.musicrec.recommender.ranking..")
                .should().dependOnClassesThat().resideInAPackage("org.tensorflow..")
                .check(classes);
    }
}
