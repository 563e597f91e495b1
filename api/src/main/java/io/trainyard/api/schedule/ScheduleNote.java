package io.trainyard.api.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The note of a pause or unpause, shown with the schedule (here and in the Temporal Web UI). */
@Serdeable
public record ScheduleNote(@Nullable String note) {}
