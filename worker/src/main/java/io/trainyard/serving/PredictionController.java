package io.trainyard.serving;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/** The local serving target's HTTP endpoint: predictions routed by the model's traffic split. */
@Controller("/v1/models")
public class PredictionController {

  private final TrafficRouter router;

  public PredictionController(TrafficRouter router) {
    this.router = router;
  }

  /**
   * Predict with the stable or canary version of model {@code name}. Any authenticated caller
   * (any role): labelled requests move a canary's analysis, so anonymous traffic is refused.
   */
  @Post("/{name}/predict")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public PredictionResponse predict(@PathVariable String name, @Body PredictionRequest request) {
    return PredictionResponse.of(router.predict(name, request.features(), request.label()));
  }
}
