package io.sideline.sample.it.arq;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.Execution;
import io.sideline.ee.test.RandomWorkflows;
import io.sideline.sample.it.SampleRecords;
import io.sideline.sample.it.SampleWorkflows;
import io.sideline.sample.records.ExecutionLog;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.time.Duration;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.sample.it.SampleWorkflows.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In the container: the library's {@link Workflows} bean, injected, runs a workflow of the sample's Record
 * jobs to SUCCEEDED. Arquillian deploys the packaged WAR (with sideline-ee and Jedis in WEB-INF/lib) into
 * arqServer, a second Liberty server with its own port and its own dev Redis.
 */
@ExtendWith(ArquillianExtension.class)
class WorkflowsArqIT {

    @Deployment
    static WebArchive deployment() {
        // named arq.war: the server.xml's own webApplication (sideline-ee-sample-war.war) stays undeployed
        return ShrinkWrap.create(WebArchive.class, "arq.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/sideline-ee-sample-war.war")))
                .addClasses(Await.class, DagAssert.class, Execution.class, SampleRecords.class, SampleWorkflows.class,
                        RandomWorkflows.class)
                // the kit's package-private graph of a workflow, which DagAssert checks against
                .addClass("io.sideline.ee.test.WorkflowGraph").addClass("io.sideline.ee.test.WorkflowGraph$Edge");
    }

    @Inject
    Workflows workflows;

    @Inject
    ExecutionLog executionLog;

    @Test
    void anInjectedWorkflowsRunsAWorkflowOfRecordJobsToSucceeded() {
        Step workflow = chain(record("A1"), group(record("A2"), record("A3")), record("A4"));
        String runId = workflows.run(workflow);

        RunStatus status = Await.until("run " + runId + " to finish", Duration.ofSeconds(60),
                () -> workflows.status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);

        assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
        assertEquals(4, status.jobsDone(), status.toString());
        SampleRecords.dagOf(workflow).check(SampleRecords.executions(executionLog.list(runId)));
    }
}
