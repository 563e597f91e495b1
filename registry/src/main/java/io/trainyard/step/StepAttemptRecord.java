package io.trainyard.step;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One attempt of a step on an executor. {@code metricsJson} is a JSON object name to number,
 * {@code outputsJson} a JSON object output name to artifact reference. The cost ledger: {@code
 * runningMillis} is how long the executor measured the attempt running ({@code preemptedMillis} of it
 * in pods Kubernetes disrupted), {@code hourlyPrice} its hardware class's price when it started, {@code
 * cost} running time times price, {@code saved} (an answer from the step cache) what the attempt that
 * produced the cached outputs cost; all null until the attempt ends, and in rows from before the ledger.
 * Where the rest of its time went: {@code queueMillis} (scheduled to started), {@code startupMillis}
 * (the executor's time around the running), {@code engineMillis} (the activity's time outside the
 * executor); null until it ends, and in rows from before they were measured.
 * What ran it (its lineage): {@code builtin} and {@code builtinVersion} for a builtin step run in the
 * worker, {@code image} and {@code imageDigest} (resolved by the node: {@code repo@sha256:<hex>}) for a
 * step run in a container; null where they do not apply, until it ends, and in rows from before.
 */
@MappedEntity(value = "step_attempt", escape = false)
public record StepAttemptRecord(
    @Id @GeneratedValue @Nullable Long id,
    String runId,
    String stage,
    String step,
    int attempt,
    String state,
    @Nullable String hardware,
    @Nullable String executor,
    @Nullable String logUri,
    @Nullable Integer exitCode,
    @Nullable String error,
    String metricsJson,
    String outputsJson,
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
