package io.trainyard.api.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The cost of the runs filed under one key (a model, a pipeline, a team, a month {@code 2026-12}); null: runs without a team. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CostTotal(@Nullable String key, CostFigures cost) {}
