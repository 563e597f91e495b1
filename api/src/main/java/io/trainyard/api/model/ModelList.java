package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Every registered model, by name. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelList(List<ModelSummary> items) {}
