package io.trainyard.api.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** {@code PUT /v1/schedules/{id}}: the schedule's new timing, policy and parameters, whole. */
@Serdeable
public record ScheduleChange(@Nullable Map<String, Object> schedule) {}
