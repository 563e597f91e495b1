package io.trainyard.serving;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** Body of {@code POST /v1/models/{name}/predict}: feature values and, optionally, the known label. */
@Serdeable
public record PredictionRequest(@Nullable Map<String, Object> features, @Nullable String label) {}
