package io.sideline.sample.enrich;

import io.sideline.ee.WorkflowTemplate;
import io.sideline.ee.model.Step;
import jakarta.enterprise.context.ApplicationScoped;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;

/**
 * The seed's {@code enrich_and_index} template, declared as a CDI bean: {@code Chain(FetchDoc, EnrichDoc,
 * IndexDoc)}. The jobs take no arguments: the validated {@link EnrichAndIndexInput} is seeded into the run's
 * memory, and each job hydrates from it and from its predecessors' outputs.
 * <pre>
 * POST /sample/api/templates/enrich_and_index/runs  {"doc_id":"123"}
 * </pre>
 */
@ApplicationScoped
public class EnrichAndIndexTemplate implements WorkflowTemplate<EnrichAndIndexInput> {

    public static final String NAME = "enrich_and_index";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<EnrichAndIndexInput> inputType() {
        return EnrichAndIndexInput.class;
    }

    @Override
    public Step build(EnrichAndIndexInput input) {
        return chain(job(FetchDoc.class), job(EnrichDoc.class), job(IndexDoc.class));
    }
}
