package io.trainyard.api.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A pipeline in the list: its latest version's number and description, and how many versions it has. */
@Serdeable
public record PipelineSummary(String name, @Nullable String description, int latestVersion, int versions, Instant updatedAt) {}
