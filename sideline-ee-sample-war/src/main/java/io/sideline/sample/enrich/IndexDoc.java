package io.sideline.sample.enrich;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotBlank;

import java.time.Instant;
import java.util.logging.Logger;

/**
 * {@code enrich_and_index}, step 3: "indexes" {@code enrich.summary} into {@code index_name}; writes
 * {@code index.indexed_at} (an ISO-8601 instant) and {@code index.document} ({@code <index_name>/<doc_id>}).
 */
@ApplicationScoped
@SidelineJob
public class IndexDoc {

    private static final Logger LOG = Logger.getLogger(IndexDoc.class.getName());

    public record Input(@NotBlank String doc_id, @NotBlank String index_name,
                        @JsonbProperty("enrich.summary") @NotBlank String summary) {
    }

    public record Output(@JsonbProperty("index.indexed_at") @NotBlank String indexedAt,
                         @JsonbProperty("index.document") @NotBlank String document) {
    }

    public Output perform(Input input) {
        LOG.info(() -> "IndexDoc " + input.doc_id() + " into " + input.index_name());
        FakeWork.doIt();
        return new Output(Instant.now().toString(), input.index_name() + "/" + input.doc_id());
    }
}
