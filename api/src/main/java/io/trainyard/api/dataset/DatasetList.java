package io.trainyard.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The answer of {@code GET /v1/datasets}, by name. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DatasetList(List<DatasetSummary> items) {}
