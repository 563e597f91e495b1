package io.trainyard.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of {@code GET /v1/datasets/{name}/versions}, newest first; {@code nextCursor} is null on the last page. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DatasetVersionPage(List<DatasetVersion> items, @Nullable String nextCursor) {}
