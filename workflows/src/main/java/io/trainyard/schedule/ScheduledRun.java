package io.trainyard.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.spec.ScheduleSpec;

/**
 * What a Temporal Schedule's action starts with: the schedule, the pipeline whose newest version its
 * runs start, and the schedule as Trainyard declared it (its {@code params} are the runs'; the
 * start checks them against the version it starts). Describing the schedule reads it back from
 * here, so Temporal keeps the one copy.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledRun(String scheduleId, String pipeline, ScheduleSpec schedule) {}
