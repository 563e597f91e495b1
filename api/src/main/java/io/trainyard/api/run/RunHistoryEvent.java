package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One event of a run's workflow history: its id, when Temporal recorded it, its type as the
 * Temporal Web UI names it ({@code ActivityTaskScheduled}), and a line saying what it was about.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunHistoryEvent(long eventId, Instant time, String type, @Nullable String detail) {}
