package io.trainyard.dataset;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The stored dataset versions: saved once, never changed or deleted. */
@JdbcRepository(dialect = Dialect.H2)
public interface DatasetVersionRepository extends GenericRepository<DatasetVersionRecord, DatasetVersionKey> {

  DatasetVersionRecord save(DatasetVersionRecord version);

  /** One version of a dataset. */
  Optional<DatasetVersionRecord> findById(DatasetVersionKey id);

  /** A dataset's highest version number, empty when it has none. */
  @Query("SELECT MAX(version) FROM dataset_version WHERE name = :name")
  Optional<Integer> findMaxVersionByName(String name);

  /** The version of a dataset with this digest ({@code sha256:<hex>}), if it was pushed. */
  @Query("SELECT * FROM dataset_version WHERE name = :name AND sha256 = :sha256")
  Optional<DatasetVersionRecord> findByNameAndSha256(String name, String sha256);

  /**
   * A dataset's versions newest first (by push time, then number), after a keyset cursor ({@code
   * beforeCreatedAt}, {@code beforeVersion}: the last row of the previous page; a far-future instant
   * and {@code Integer.MAX_VALUE} for the first page).
   */
  @Query("SELECT * FROM dataset_version WHERE name = :name"
      + " AND (created_at < :beforeCreatedAt OR (created_at = :beforeCreatedAt AND version < :beforeVersion))"
      + " ORDER BY created_at DESC, version DESC LIMIT :limit")
  List<DatasetVersionRecord> page(String name, Instant beforeCreatedAt, int beforeVersion, int limit);

  /**
   * The latest version of every dataset, by name. Its number is also how many versions the dataset
   * has: numbers are given without gaps and versions are never deleted.
   */
  @Query("SELECT * FROM dataset_version d WHERE version ="
      + " (SELECT MAX(version) FROM dataset_version m WHERE m.name = d.name) ORDER BY name")
  List<DatasetVersionRecord> findLatestOfEach();
}
