package io.trainyard.api.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of setting a custom alias: the version to point at and why. */
@Serdeable
public record AliasRequest(@Nullable Integer version, @Nullable String reason) {}
