package io.sideline.ee.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The architecture the packages promise (STYLE.md): a pure model, one package that knows Jedis, thin glue. */
class PackageDependencyTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sideline.ee");
    }

    /** The model may use nothing (docs/architecture.md): no Jakarta, no Jedis, and no other package of ours, the API included. */
    @Test
    void theModelIsPureJava() {
        noClasses().that().resideInAPackage("..ee.model..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "redis..", "io.sideline.ee",
                        "io.sideline.ee.config..", "io.sideline.ee.codec..", "io.sideline.ee.cdi..",
                        "io.sideline.ee.redis..", "io.sideline.ee.runtime..", "io.sideline.ee.worker..",
                        "io.sideline.ee.telemetry..", "io.sideline.ee.health..")
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

    /**
     * The OpenTelemetry API is optional at run time: only the classes {@code TracingChoice} and {@code MetricsChoice}
     * reach through their guarded call may refer to it, so a server without the API never loads a class that needs it.
     */
    @Test
    void onlyTheOtelClassesOfTheTelemetryPackageKnowTheOpenTelemetryApi() {
        noClasses().that().doNotHaveFullyQualifiedName("io.sideline.ee.telemetry.OtelTracing")
                .and().doNotHaveFullyQualifiedName("io.sideline.ee.telemetry.OtelJobTrace")
                .and().doNotHaveFullyQualifiedName("io.sideline.ee.telemetry.OtelTracing$1")
                .and().doNotHaveFullyQualifiedName("io.sideline.ee.telemetry.OtelSdk")
                .and().haveNameNotMatching("io\\.sideline\\.ee\\.telemetry\\.OtelMetrics(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry..")
                .check(classes);
    }

    @Test
    void nothingResolvesClassesByName() {
        noClasses().should().callMethod(Class.class, "forName", String.class)
                .orShould().callMethod(Class.class, "forName", String.class, boolean.class, ClassLoader.class)
                .orShould().callMethod(ClassLoader.class, "loadClass", String.class)
                .check(classes);
    }

    /**
     * The layers docs/architecture.md draws, lowest first: the public API and its model; config; codec; runtime;
     * redis and worker (side by side, neither knows the other); telemetry, which only worker and cdi use; cdi, which wires
     * them; health, which reads them (and pings Redis).
     * A layer may use the layers below it, never one above.
     */
    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Api").definedBy("io.sideline.ee")
                .layer("Model").definedBy("io.sideline.ee.model..")
                .layer("Config").definedBy("io.sideline.ee.config..")
                .layer("Codec").definedBy("io.sideline.ee.codec..")
                .layer("Runtime").definedBy("io.sideline.ee.runtime..")
                .layer("Redis").definedBy("io.sideline.ee.redis..")
                .layer("Worker").definedBy("io.sideline.ee.worker..")
                .layer("Cdi").definedBy("io.sideline.ee.cdi..")
                .layer("Health").definedBy("io.sideline.ee.health..")
                .layer("Telemetry").definedBy("io.sideline.ee.telemetry..")
                .whereLayer("Health").mayNotBeAccessedByAnyLayer()
                .whereLayer("Cdi").mayOnlyBeAccessedByLayers("Health")
                .whereLayer("Redis").mayOnlyBeAccessedByLayers("Cdi", "Health")
                .whereLayer("Worker").mayOnlyBeAccessedByLayers("Cdi", "Health")
                .whereLayer("Telemetry").mayOnlyBeAccessedByLayers("Worker", "Cdi")
                .whereLayer("Runtime").mayOnlyBeAccessedByLayers("Redis", "Worker", "Cdi", "Health", "Telemetry")
                .whereLayer("Codec").mayOnlyBeAccessedByLayers("Runtime", "Redis", "Worker", "Cdi", "Telemetry")
                .whereLayer("Config").mayOnlyBeAccessedByLayers("Redis", "Worker", "Cdi", "Health")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Api", "Config", "Codec", "Runtime", "Redis", "Worker", "Cdi", "Health")
                .check(classes);
    }

    /** What an application compiles against (io.sideline.ee and its model) knows nothing of the implementation. */
    @Test
    void thePublicApiDependsOnNothingInternal() {
        noClasses().that().resideInAPackage("io.sideline.ee")
                .should().dependOnClassesThat().resideInAnyPackage("io.sideline.ee.config..", "io.sideline.ee.codec..",
                        "io.sideline.ee.runtime..", "io.sideline.ee.redis..", "io.sideline.ee.worker..",
                        "io.sideline.ee.cdi..", "io.sideline.ee.health..", "io.sideline.ee.telemetry..")
                .check(classes);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("io.sideline.ee.(*)..").should().beFreeOfCycles().check(classes);
    }
}
