package io.trainyard.api.pipeline;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The answer of {@code GET /v1/pipelines}. */
@Serdeable
public record PipelineList(List<PipelineSummary> items) {}
