package io.trainyard.dataset;

import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One version of a dataset: where the data is ({@code uri}), the sha256 of its content as
 * {@code sha256:<64 lower-case hex>}, metadata as a JSON object, who pushed it and when.
 */
@MappedEntity(value = "dataset_version", escape = false)
public record DatasetVersionRecord(
    @EmbeddedId DatasetVersionKey id,
    String uri,
    String sha256,
    String metadataJson,
    String createdBy,
    Instant createdAt) {

  /** A version not stored yet: {@link DatasetVersions#store} gives it its number and time. */
  public static DatasetVersionRecord of(String name, String uri, String sha256, String metadataJson, String createdBy) {
    return new DatasetVersionRecord(new DatasetVersionKey(name, 0), uri, sha256, metadataJson, createdBy, Instant.EPOCH);
  }

  /** This version under number {@code version}, pushed at {@code at}. */
  DatasetVersionRecord numbered(int version, Instant at) {
    return new DatasetVersionRecord(new DatasetVersionKey(id.name(), version), uri, sha256, metadataJson, createdBy, at);
  }
}
