package io.sideline.sample.enrich;

import jakarta.validation.constraints.NotBlank;

/**
 * The input of the {@code enrich_and_index} template. The component names are the JSON property names, the
 * memory keys and the names violations report ({@code doc_id: must not be blank}). Defaults come from
 * MicroProfile Config: {@code sideline.templates.enrich_and_index.llm_model} and {@code ...index_name}.
 */
public record EnrichAndIndexInput(@NotBlank String doc_id, @NotBlank String llm_model, @NotBlank String index_name) {
}
