package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** One attempt of one step of a run. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StepAttempt(
    String step,
    String stage,
    int attempt,
    String state,
    @Nullable String hardware,
    @Nullable String executor,
    @Nullable Integer exitCode,
    @Nullable String error,
    Map<String, Object> metrics,
    Map<String, Object> outputs,
    boolean cached,
    Instant startedAt,
    @Nullable Instant finishedAt) {}
