package io.trainyard.dataset;

import io.trainyard.registry.NextNumber;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Stores a dataset version once per (name, digest) under the dataset's next number, so that two
 * pushes at once get n and n + 1 (or, of one digest, the same version) rather than an error.
 */
@Singleton
public class DatasetVersions {
  private final DatasetVersionRepository versions;
  private final Clock clock = Clock.systemUTC();

  public DatasetVersions(DatasetVersionRepository versions) {
    this.versions = versions;
  }

  /**
   * The stored version with this digest and whether this call stored it; the number and time of
   * {@code version} are ignored. The push time is read after the highest number, so a version is
   * never older than the one before it (and the listing's order by time is the order by number);
   * it is kept to the microsecond, as the databases keep it.
   */
  public NextNumber.Stored<DatasetVersionRecord> store(DatasetVersionRecord version) {
    String name = version.id().name();
    return NextNumber.store("dataset '" + name + "'",
        () -> versions.findByNameAndSha256(name, version.sha256()),
        () -> versions.findMaxVersionByName(name).orElse(0),
        next -> versions.save(version.numbered(next, clock.instant().truncatedTo(ChronoUnit.MICROS))));
  }
}
