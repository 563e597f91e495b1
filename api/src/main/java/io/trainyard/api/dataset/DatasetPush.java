package io.trainyard.api.dataset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * The body of {@code POST /v1/datasets/{name}/versions}: where the data is ({@code uri}), the sha256
 * of its content ({@code digest}, 64 hex digits with or without {@code sha256:}), and metadata.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record DatasetPush(@Nullable String uri, @Nullable String digest, @Nullable Map<String, Object> metadata) {}
