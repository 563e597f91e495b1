package io.trainyard.api.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** {@code POST /v1/schedules}: the pipeline and when its runs start (the fields of a pipeline's {@code schedule:}). */
@Serdeable
public record ScheduleRequest(@Nullable String pipeline, @Nullable Map<String, Object> schedule) {}
