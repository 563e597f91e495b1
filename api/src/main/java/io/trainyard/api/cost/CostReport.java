package io.trainyard.api.cost;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * {@code GET /v1/costs}: what attempts started in the months {@code from} to {@code to} (UTC,
 * inclusive) cost, in {@code currency}, in all ({@code total}) and by {@code by}, largest first.
 */
@Serdeable
public record CostReport(String currency, String by, String from, String to, CostFigures total, List<CostTotal> totals) {}
