package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of setting a custom alias: the version to point at and why. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record AliasRequest(@Nullable Integer version, @Nullable String reason) {}
