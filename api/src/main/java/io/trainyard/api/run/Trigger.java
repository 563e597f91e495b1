package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.run.RunTrigger;
import java.time.Instant;

/**
 * What started a run, as the API answers it (in a run and in a model version's lineage): {@code
 * kind} ({@code api}, {@code cli}, {@code schedule}, {@code dataset}, {@code reproduce}) and the fields of that kind;
 * the others are null.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Trigger(
    String kind,
    @Nullable String scheduleId,
    @Nullable Instant scheduledAt,
    @Nullable String dataset,
    @Nullable Integer datasetVersion,
    @Nullable String digest,
    @Nullable String reproduces) {
  private static final TypeReference<RunTrigger> STORED = new TypeReference<>() {};

  /** The answer for a run's trigger. */
  public static Trigger of(RunTrigger trigger) {
    return new Trigger(trigger.kind().value(), trigger.scheduleId(), trigger.scheduledAt(), trigger.dataset(),
        trigger.datasetVersion(), trigger.digest(), trigger.reproduces());
  }

  /** The answer for a registry row's {@code trigger_json}. */
  public static Trigger stored(@Nullable String json) {
    return of(read(json));
  }

  /** A registry row's {@code trigger_json}; null (a row from before runs recorded their trigger) is api. */
  public static RunTrigger read(@Nullable String json) {
    return json == null ? RunTrigger.api() : SpecJson.read(json, STORED);
  }
}
