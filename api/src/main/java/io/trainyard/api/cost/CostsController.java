package io.trainyard.api.cost;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.security.Roles;

/** {@code /v1/costs}: what runs cost, by model, pipeline, team or month. */
@Controller("/v1/costs")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
public class CostsController {
  private final Costs costs;

  public CostsController(Costs costs) {
    this.costs = costs;
  }

  /** Cost totals of the attempts started in a range of months, by model, pipeline, team or month. */
  @Get
  @ProblemAnswers.Invalid
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public CostReport totals(
      @Nullable @QueryValue String by,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String model,
      @Nullable @QueryValue String pipeline,
      @Nullable @QueryValue String team) {
    return costs.totals(by, from, to, model, pipeline, team);
  }
}
