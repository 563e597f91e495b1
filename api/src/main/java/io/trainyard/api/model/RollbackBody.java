package io.trainyard.api.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of a rollback: why, kept with the alias moves and the audit row. */
@Serdeable
public record RollbackBody(@Nullable String reason) {}
