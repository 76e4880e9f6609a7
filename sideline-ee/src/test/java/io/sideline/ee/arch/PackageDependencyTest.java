package io.sideline.ee.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The architecture the packages promise (STYLE.md): a pure model, one package that knows Jedis, thin glue. */
class PackageDependencyTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sideline.ee");
    }

    @Test
    void theModelIsPureJava() {
        noClasses().that().resideInAPackage("..ee.model..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "redis..", "io.sideline.ee.cdi..",
                        "io.sideline.ee.redis..", "io.sideline.ee.runtime..", "io.sideline.ee.worker..")
                .check(classes);
    }

    @Test
    void onlyTheRedisPackageKnowsJedis() {
        noClasses().that().resideOutsideOfPackage("io.sideline.ee.redis..")
                .should().dependOnClassesThat().resideInAnyPackage("redis.clients..")
                .check(classes);
    }

    @Test
    void theRuntimeIsWrittenAgainstPortsNotAgainstRedisOrCdi() {
        noClasses().that().resideInAnyPackage("io.sideline.ee.runtime..", "io.sideline.ee.codec..", "io.sideline.ee.worker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sideline.ee.redis..", "io.sideline.ee.cdi..",
                        "jakarta.enterprise..", "jakarta.interceptor..")
                .check(classes);
    }

    @Test
    void nothingResolvesClassesByName() {
        noClasses().should().callMethod(Class.class, "forName", String.class)
                .orShould().callMethod(Class.class, "forName", String.class, boolean.class, ClassLoader.class)
                .orShould().callMethod(ClassLoader.class, "loadClass", String.class)
                .check(classes);
    }
}
