package io.trainyard.pipeline;

import io.trainyard.registry.NextNumber;
import jakarta.inject.Singleton;

/**
 * Stores a pipeline version once per (name, digest) under the pipeline's next number. The unique
 * constraints decide races (see {@link NextNumber}): (name, version) makes a concurrent store of the
 * same spec find the stored one, (name, number) makes a store of another spec take the next number.
 */
@Singleton
public class PipelineVersions {
  private final PipelineVersionRepository versions;

  public PipelineVersions(PipelineVersionRepository versions) {
    this.versions = versions;
  }

  /** The stored version of this spec and whether this call stored it; the number of {@code version} is ignored. */
  public Stored store(PipelineVersionRecord version) {
    NextNumber.Stored<PipelineVersionRecord> stored = NextNumber.store("pipeline '" + version.name() + "'",
        () -> versions.findByNameAndVersion(version.name(), version.version()),
        () -> versions.findMaxNumberByName(version.name()).orElse(0),
        next -> versions.save(version.numbered(next)));
    return new Stored(stored.version(), stored.created());
  }

  /** A stored version, and whether the call that returned it stored it. */
  public record Stored(PipelineVersionRecord version, boolean created) {}
}
