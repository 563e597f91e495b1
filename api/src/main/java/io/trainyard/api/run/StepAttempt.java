package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One attempt of one step of a run, with what it cost: its measured running time ({@code
 * preemptedMillis} of it in pods Kubernetes disrupted), its class's hourly price, its cost, and for a
 * cached answer what it saved; null while it runs and in attempts recorded before the cost ledger.
 * Where the rest of its time went: {@code queueMillis} (scheduled to started), {@code startupMillis}
 * (starting the process or pod, and seeing it end) and {@code engineMillis} (Trainyard's work around
 * the step in the activity); null while it runs and in attempts recorded before they were measured.
 * What ran it: {@code builtin} and {@code builtinVersion} (the worker's code version), {@code image}
 * and {@code imageDigest} (what the node resolved it to); null where they do not apply, until it
 * succeeds, and in attempts recorded before (2026-12-07).
 */
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
    @Nullable Instant finishedAt,
    @Nullable Long runningMillis,
    @Nullable Long preemptedMillis,
    @Nullable BigDecimal hourlyPrice,
    @Nullable BigDecimal cost,
    @Nullable BigDecimal saved,
    @Nullable Long queueMillis,
    @Nullable Long startupMillis,
    @Nullable Long engineMillis,
    @Nullable String builtin,
    @Nullable String builtinVersion,
    @Nullable String image,
    @Nullable String imageDigest) {}
