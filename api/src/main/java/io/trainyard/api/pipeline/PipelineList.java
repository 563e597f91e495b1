package io.trainyard.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The answer of {@code GET /v1/pipelines}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PipelineList(List<PipelineSummary> items) {}
