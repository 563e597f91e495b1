package io.trainyard.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A pipeline in the list: its latest version's number and description, and how many versions it has. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PipelineSummary(String name, @Nullable String description, int latestVersion, int versions, Instant updatedAt) {}
