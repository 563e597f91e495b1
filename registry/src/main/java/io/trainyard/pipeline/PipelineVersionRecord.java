package io.trainyard.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A pipeline spec stored once per (name, {@code version}: the hex sha256 of its canonical spec),
 * numbered 1, 2, ... per pipeline. Versions registered through the API also keep who registered
 * them, the description and the text as registered; a version a CLI run recorded has none.
 */
@MappedEntity(value = "pipeline_version", escape = false)
public record PipelineVersionRecord(
    @Id @GeneratedValue @Nullable Long id,
    String name,
    String version,
    int number,
    String specJson,
    Instant createdAt,
    @Nullable String createdBy,
    @Nullable String description,
    @Nullable String source) {

  /** A version not stored yet, as a run records it (no registrant, no source text). */
  public static PipelineVersionRecord of(String name, String version, int number, String specJson, Instant createdAt) {
    return new PipelineVersionRecord(null, name, version, number, specJson, createdAt, null, null, null);
  }

  /** This version with another number, for a store that lost the race for the one it had. */
  public PipelineVersionRecord numbered(int next) {
    return new PipelineVersionRecord(id, name, version, next, specJson, createdAt, createdBy, description, source);
  }
}
