package io.trainyard.api.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** {@code POST /v1/schedules/{id}/backfill}: the time range whose actions to take now. */
@Serdeable
public record BackfillRequest(@Nullable Instant from, @Nullable Instant to) {}
