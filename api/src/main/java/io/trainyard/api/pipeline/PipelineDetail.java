package io.trainyard.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** One pipeline with every version ({@code PipelineSummary} with a list of versions, docs/api.md). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PipelineDetail(
    String name, @Nullable String description, int latestVersion, Instant updatedAt, List<VersionEntry> versions) {

  /** One version of the pipeline. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record VersionEntry(int version, String digest, Instant createdAt, @Nullable String createdBy) {}
}
