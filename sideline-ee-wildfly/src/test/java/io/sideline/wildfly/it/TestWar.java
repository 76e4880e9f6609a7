package io.sideline.wildfly.it;

import io.sideline.ee.test.Await;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.Execution;
import io.sideline.ee.test.RandomWorkflows;
import io.sideline.sample.enrich.EnrichAndIndexTemplate;
import io.sideline.sample.it.SampleRecords;
import io.sideline.sample.it.SampleWorkflows;
import io.sideline.sample.jobs.Task1;
import io.sideline.sample.records.ExecutionLog;
import io.sideline.sample.typed.TypedTask1;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.util.Arrays;
import java.util.Objects;

/**
 * The WAR the ITs deploy: sideline-ee and Jedis (with its runtime dependencies) in WEB-INF/lib, as an
 * application bundles them; the sample's jobs, execution log, typed jobs and template, with its
 * microprofile-config.properties; this package's test helpers and the shared ones. Not the whole sample WAR: its dev-Redis
 * provisioner (a ConfigSource, Testcontainers and a bundled redis-server, 30 of its 35 MB) has nothing to do
 * on a server whose Redis is configured, and its REST API is not what these tests prove.
 */
final class TestWar {

    private TestWar() {
    }

    static WebArchive create(String name) {
        File lib = new File(System.getProperty("wildfly.it.dir", "target/wildfly-it"), "lib");
        File[] jars = Objects.requireNonNull(lib.listFiles((dir, file) -> file.endsWith(".jar")),
                "no " + lib + ": run the build's pre-integration-test phase");
        Arrays.sort(jars);
        return ShrinkWrap.create(WebArchive.class, name)
                .addAsLibraries(jars)
                .addPackage(Task1.class.getPackage())
                .addPackage(ExecutionLog.class.getPackage())
                .addPackage(TypedTask1.class.getPackage())
                .addPackage(EnrichAndIndexTemplate.class.getPackage())
                .addPackage(TestWar.class.getPackage())
                // the shared test helpers these tests use inside the server: the sample ITs' workflows and records,
                // the kit's Await, DagAssert (with its package-private graph) and RandomWorkflows
                .addClasses(SampleWorkflows.class, SampleRecords.class, Await.class, DagAssert.class, Execution.class,
                        RandomWorkflows.class)
                .addClass("io.sideline.ee.test.WorkflowGraph").addClass("io.sideline.ee.test.WorkflowGraph$Edge")
                .addAsResource("META-INF/microprofile-config.properties")
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                        + " bean-discovery-mode=\"annotated\"/>"), "beans.xml");
    }
}
