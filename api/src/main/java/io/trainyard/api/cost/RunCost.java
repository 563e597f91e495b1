package io.trainyard.api.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.util.Map;

/** What one run cost: its total and by stage (stages without attempts left out), in {@code currency}, and its budget (null: none). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunCost(
    String runId, String currency, @Nullable BigDecimal budget, CostFigures cost, Map<String, CostFigures> stages) {}
