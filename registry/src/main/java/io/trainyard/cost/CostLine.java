package io.trainyard.cost;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One priced step attempt with what its run is filed under (pipeline, model, team): a line of the
 * cost ledger that totals add up. {@code state} is the attempt's ({@code StepState}), the money
 * columns are null in attempts recorded before the ledger.
 */
@Introspected
public record CostLine(
    String runId,
    String pipeline,
    String model,
    @Nullable String team,
    String stage,
    String state,
    boolean cached,
    Instant startedAt,
    @Nullable Long runningMillis,
    @Nullable Long preemptedMillis,
    @Nullable BigDecimal hourlyPrice,
    @Nullable BigDecimal cost,
    @Nullable BigDecimal saved) {}
