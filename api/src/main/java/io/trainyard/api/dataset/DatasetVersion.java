package io.trainyard.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.dataset.DatasetVersionRecord;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a dataset as the API answers it: where the data is, its {@code digest}
 * ({@code sha256:<hex>}), metadata, who pushed it and when.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DatasetVersion(
    String name, int version, String uri, String digest, Map<String, Object> metadata, String createdBy, Instant createdAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<TriggerOutcome> triggers) {

  static DatasetVersion of(DatasetVersionRecord v) {
    return new DatasetVersion(v.id().name(), v.id().version(), v.uri(), v.sha256(), SpecJson.object(v.metadataJson()),
        v.createdBy(), v.createdAt(), null);
  }

  /** The version as a push answers it: with what it did for each subscribed pipeline. */
  DatasetVersion withTriggers(List<TriggerOutcome> outcomes) {
    return new DatasetVersion(name, version, uri, digest, metadata, createdBy, createdAt, outcomes);
  }
}
