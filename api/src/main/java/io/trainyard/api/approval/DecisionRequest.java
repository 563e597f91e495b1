package io.trainyard.api.approval;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of an approve or reject: an optional comment kept with the decision. */
@Serdeable
public record DecisionRequest(@Nullable String comment) {}
