package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * What a pipeline's runs may spend ({@code budget:}), in the configured currency: {@code run}, what
 * one run may spend before it is stopped ({@code BUDGET_EXCEEDED}); {@code monthly}, what the runs of
 * the pipeline's model may spend in a calendar month (UTC) before a new run is refused. Either may
 * be absent: no limit.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetSpec(BigDecimal run, BigDecimal monthly) {}
