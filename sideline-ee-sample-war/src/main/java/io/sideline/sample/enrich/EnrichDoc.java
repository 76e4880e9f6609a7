package io.sideline.sample.enrich;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotBlank;

import java.util.logging.Logger;

/**
 * {@code enrich_and_index}, step 2: "summarises" {@code fetch.body} with the model {@code llm_model}; writes
 * {@code enrich.summary} and {@code enrich.model}.
 */
@ApplicationScoped
@SidelineJob
public class EnrichDoc {

    private static final Logger LOG = Logger.getLogger(EnrichDoc.class.getName());

    public record Input(@NotBlank String doc_id, @NotBlank String llm_model,
                        @JsonbProperty("fetch.body") @NotBlank String body) {
    }

    public record Output(@JsonbProperty("enrich.summary") @NotBlank String summary,
                         @JsonbProperty("enrich.model") @NotBlank String model) {
    }

    public Output perform(Input input) {
        LOG.info(() -> "EnrichDoc " + input.doc_id() + " with " + input.llm_model());
        FakeWork.doIt();
        return new Output("Summary by " + input.llm_model() + " of " + input.body().length() + " characters",
                input.llm_model());
    }
}
