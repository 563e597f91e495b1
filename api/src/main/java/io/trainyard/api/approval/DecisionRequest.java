package io.trainyard.api.approval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of an approve or reject: an optional comment kept with the decision. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record DecisionRequest(@Nullable String comment) {}
