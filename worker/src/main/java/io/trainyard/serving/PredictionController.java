package io.trainyard.serving;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

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
  @ApiResponse(responseCode = "401", description = "No valid token (`unauthorized`)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "404", description = "The model has no traffic split and no production version (`not-found`)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "422", description = "A feature is missing or not a number; `errors[]` names it (`invalid-input`)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public PredictionResponse predict(@PathVariable String name, @Body PredictionRequest request) {
    return PredictionResponse.of(router.predict(name, request.features(), request.label()));
  }
}
