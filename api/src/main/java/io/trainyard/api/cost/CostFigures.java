package io.trainyard.api.cost;

import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;

/**
 * What some step attempts cost, in the configured currency: {@code total} over every attempt;
 * {@code failed}, the part spent in attempts that failed or were cancelled; {@code preempted}, the
 * part spent in pods that Kubernetes disrupted (inside attempts of any outcome); {@code saved}, what
 * answers from the step cache did not spend (what the attempts that produced them cost); how many
 * attempts and runs.
 */
@Serdeable
public record CostFigures(BigDecimal total, BigDecimal failed, BigDecimal preempted, BigDecimal saved, int attempts, int runs) {}
