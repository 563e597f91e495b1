package io.trainyard.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A pipeline spec as it was run, stored once per (name, sha256 digest of the spec). */
@MappedEntity(value = "pipeline_version", escape = false)
public record PipelineVersionRecord(
    @Id @GeneratedValue @Nullable Long id,
    String name,
    String version,
    String specJson,
    Instant createdAt) {

  /** A version not stored yet. */
  public static PipelineVersionRecord of(String name, String version, String specJson, Instant createdAt) {
    return new PipelineVersionRecord(null, name, version, specJson, createdAt);
  }
}
