package io.trainyard.api.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Every pipeline's schedule, by id. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScheduleList(List<PipelineSchedule> items) {}
