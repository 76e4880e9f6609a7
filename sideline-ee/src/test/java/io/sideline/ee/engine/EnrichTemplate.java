package io.sideline.ee.engine;

import io.sideline.ee.WorkflowTemplate;
import io.sideline.ee.model.Step;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotBlank;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;

/** A declarative template (a CDI bean): greet, then shout, with defaults from configuration. */
@ApplicationScoped
public class EnrichTemplate implements WorkflowTemplate<EnrichTemplate.Input> {

    public record Input(@NotBlank String name, @NotBlank String greeting,
                        @JsonbProperty("max_len") @jakarta.validation.constraints.Positive Integer maxLen) {
    }

    @Override
    public String name() {
        return "greet_and_shout";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Step build(Input input) {
        return chain(job("Greet"), job("Shout"));
    }
}
