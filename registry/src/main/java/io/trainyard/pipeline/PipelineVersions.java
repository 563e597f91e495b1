package io.trainyard.pipeline;

import io.micronaut.data.exceptions.DataAccessException;
import io.trainyard.registry.UniqueViolation;
import jakarta.inject.Singleton;

/**
 * Stores a pipeline version once per (name, digest) under the pipeline's next number. The unique
 * constraints decide races: (name, version) makes a concurrent store of the same spec find the
 * stored one, (name, number) makes a store of another spec take the next number.
 */
@Singleton
public class PipelineVersions {
  /** Stores that lose the race for a number try again this many times. */
  static final int ATTEMPTS = 32;

  private final PipelineVersionRepository versions;

  public PipelineVersions(PipelineVersionRepository versions) {
    this.versions = versions;
  }

  /** The stored version of this spec and whether this call stored it; the number of {@code version} is ignored. */
  public Stored store(PipelineVersionRecord version) {
    DataAccessException lastConflict = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      var existing = versions.findByNameAndVersion(version.name(), version.version());
      if (existing.isPresent()) {
        return new Stored(existing.get(), false);
      }
      int next = versions.findMaxNumberByName(version.name()).orElse(0) + 1;
      try {
        return new Stored(versions.save(version.numbered(next)), true);
      } catch (DataAccessException e) {
        if (!UniqueViolation.causedBy(e)) {
          throw e;
        }
        lastConflict = e;
      }
    }
    // still a lost race (a unique violation): the API answers 409, try again
    throw new DataAccessException("could not store a version of pipeline '" + version.name()
        + "': lost the race for a version number " + ATTEMPTS + " times", lastConflict);
  }

  /** A stored version, and whether the call that returned it stored it. */
  public record Stored(PipelineVersionRecord version, boolean created) {}
}
