package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of a rollback: why, kept with the alias moves and the audit row. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record RollbackBody(@Nullable String reason) {}
