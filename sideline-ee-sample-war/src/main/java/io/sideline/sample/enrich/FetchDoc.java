package io.sideline.sample.enrich;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotBlank;

import java.util.logging.Logger;

/** {@code enrich_and_index}, step 1: "fetches" the document {@code doc_id}; writes {@code fetch.title} and {@code fetch.body}. */
@ApplicationScoped
@SidelineJob
public class FetchDoc {

    private static final Logger LOG = Logger.getLogger(FetchDoc.class.getName());

    public record Input(@NotBlank String doc_id) {
    }

    /** Namespaced memory keys: {@code @JsonbProperty} names the JSON property, hence the key. */
    public record Output(@JsonbProperty("fetch.title") @NotBlank String title,
                         @JsonbProperty("fetch.body") @NotBlank String body) {
    }

    public Output perform(Input input) {
        LOG.info(() -> "FetchDoc " + input.doc_id());
        FakeWork.doIt();
        return new Output("Document " + input.doc_id(), "The text of document " + input.doc_id() + ".");
    }
}
