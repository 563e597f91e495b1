package io.trainyard.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.dataset.DatasetVersionRecord;
import java.time.Instant;
import java.util.Map;

/**
 * One version of a dataset as the API answers it: where the data is, its {@code digest}
 * ({@code sha256:<hex>}), metadata, who pushed it and when.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DatasetVersion(
    String name, int version, String uri, String digest, Map<String, Object> metadata, String createdBy, Instant createdAt) {

  static DatasetVersion of(DatasetVersionRecord v) {
    return new DatasetVersion(v.id().name(), v.id().version(), v.uri(), v.sha256(), SpecJson.object(v.metadataJson()),
        v.createdBy(), v.createdAt());
  }
}
