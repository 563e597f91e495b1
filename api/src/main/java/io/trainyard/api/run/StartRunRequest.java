package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The body of {@code POST /v1/runs}: a pipeline, a version number (none: the latest), parameter
 * values, and a run budget (none: the pipeline's {@code budget.run}), which may only lower the
 * pipeline's.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record StartRunRequest(
    @Nullable String pipeline,
    @Nullable Integer version,
    @Nullable Map<String, Object> params,
    @Nullable BigDecimal budget) {}
