package io.trainyard.serving;

import io.micronaut.context.annotation.Property;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import java.util.List;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.rollout.ReplayResult;
import io.trainyard.rollout.RolloutActivities;
import io.trainyard.rollout.RolloutActivitiesImpl;
import io.trainyard.rollout.TrafficReplay;
import io.trainyard.rollout.TrafficSplit;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Serving over HTTP, with an in-memory registry and no Temporal worker in the context. */
@MicronautTest
@Property(name = "trainyard.worker.enabled", value = "false")
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:prediction-controller;DB_CLOSE_DELAY=-1")
@Property(name = "micronaut.security.token.jwt.signatures.secret.generator.secret", value = PredictionControllerTest.SECRET)
class PredictionControllerTest {
  static final String SECRET = "prediction-controller-test-secret-of-32-bytes-or-more";

  static final TrainedModels MODELS = TrainedModels.get();

  @Inject
  @Client("/")
  HttpClient http;

  @Inject EmbeddedServer server;
  @Inject TrafficRouter router;
  @Inject ServingConfiguration serving;
  @Inject RolloutActivitiesImpl rolloutActivities;
  @Inject TokenGenerator tokens;

  @Test
  void rolloutActivitiesAreWiredToTheDefaultServingUrl() {
    assertThat(rolloutActivities).isNotNull();
    assertThat(serving.url()).isEqualTo(ServingConfiguration.DEFAULT_URL);
    assertThat(serving.predictUri("m")).hasToString(ServingConfiguration.DEFAULT_URL + "/v1/models/m/predict");
  }

  @Test
  void predictsWithTheProductionVersion() {
    router.route(new TrafficSplit(MODELS.good, null, 0));
    HttpResponse<PredictionResponse> response =
        http.toBlocking()
            .exchange(
                HttpRequest.POST("/v1/models/" + TrainedModels.MODEL + "/predict", Map.of("features", features(0), "label", MODELS.holdout.labels().get(0)))
                    .bearerAuth(token("viewer")),
                PredictionResponse.class);

    assertThat(response.code()).isEqualTo(200);
    PredictionResponse body = response.body();
    assertThat(body.model()).isEqualTo(TrainedModels.MODEL);
    assertThat(body.version()).isEqualTo(1);
    assertThat(body.role()).isEqualTo("stable");
    assertThat(body.prediction()).isIn("benign", "malignant");
    assertThat(body.scores()).containsOnlyKeys("benign", "malignant");
    assertThat(body.scores().get(body.prediction())).isGreaterThanOrEqualTo(0.5);
    assertThat(router.stats(TrainedModels.MODEL, 1)).containsEntry("requests", 1.0).containsEntry("labelled", 1.0);
  }

  @Test
  void predictingNeedsAToken() {
    router.route(new TrafficSplit(MODELS.good, null, 0));
    double before = router.stats(TrainedModels.MODEL, 1).get("requests");
    HttpClientResponseException error =
        catchThrowableOfType(
            HttpClientResponseException.class,
            () -> http.toBlocking().exchange(
                HttpRequest.POST("/v1/models/" + TrainedModels.MODEL + "/predict", Map.of("features", features(0), "label", MODELS.holdout.labels().get(0))),
                PredictionResponse.class));

    assertThat(error.code()).isEqualTo(401);
    assertThat(router.stats(TrainedModels.MODEL, 1).get("requests")).isEqualTo(before);
  }

  @Test
  void unknownModelIsAProblem404() {
    HttpClientResponseException error =
        catchThrowableOfType(
            HttpClientResponseException.class,
            () -> http.toBlocking().exchange(HttpRequest.POST("/v1/models/nobody/predict", Map.of("features", features(0))).bearerAuth(token("viewer")), PredictionResponse.class));

    assertThat(error.code()).isEqualTo(404);
    assertThat(error.getResponse().getContentType()).hasValueSatisfying(type -> assertThat(type.toString()).isEqualTo(Problem.MEDIA_TYPE));
    Problem problem = error.getResponse().getBody(Problem.class).orElseThrow();
    assertThat(problem.type()).isEqualTo("https://trainyard.io/problems/not-found");
    assertThat(problem.status()).isEqualTo(404);
    assertThat(problem.title()).isEqualTo("Not found");
    assertThat(problem.detail()).contains("'nobody'");
  }

  @Test
  void missingFeatureIsAProblem422NamingIt() {
    Map<String, Object> features = features(0);
    features.remove("area_worst");
    HttpClientResponseException error =
        catchThrowableOfType(
            HttpClientResponseException.class,
            () ->
                http.toBlocking()
                    .exchange(HttpRequest.POST("/v1/models/" + TrainedModels.MODEL + "/predict", Map.of("features", features)).bearerAuth(token("operator")), PredictionResponse.class));

    assertThat(error.code()).isEqualTo(422);
    Problem problem = error.getResponse().getBody(Problem.class).orElseThrow();
    assertThat(problem.type()).isEqualTo("https://trainyard.io/problems/invalid-input");
    assertThat(problem.errors()).containsExactly(
        new FieldProblem("features.area_worst", "missing: the model reads this feature"));
  }

  @Test
  void replayedTrafficShowsTheSkewedCanary() {
    router.route(new TrafficSplit(MODELS.good, MODELS.skewed, 50));
    TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
    try {
      temporal.registerActivitiesImplementations(
          new RolloutActivitiesImpl(router, new ServingConfiguration(server.getURL().toString(), token("viewer"))));
      RolloutActivities activities =
          temporal.newActivityStub(
              RolloutActivities.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

      ReplayResult result =
          activities.replay(new TrafficReplay(TrainedModels.MODEL, ArtifactRef.external(MODELS.holdoutFile.toUri().toString()), 300, 42));

      assertThat(result).isEqualTo(new ReplayResult(300, 0));
      Map<String, Double> stable = router.stats(TrainedModels.MODEL, 1);
      Map<String, Double> canary = router.stats(TrainedModels.MODEL, 2);
      assertThat(stable.get("requests") + canary.get("requests")).isEqualTo(300.0);
      assertThat(canary.get("labelled")).isEqualTo(canary.get("requests"));
      assertThat(canary.get("accuracy")).isLessThan(stable.get("accuracy") - 0.15);
    } finally {
      temporal.close();
    }
  }

  private String token(String role) {
    return tokens.generateToken(Authentication.build("alice", List.of(role)), 600).orElseThrow();
  }

  private static Map<String, Object> features(int row) {
    Map<String, Object> features = new LinkedHashMap<>();
    for (int f = 0; f < MODELS.holdout.features().size(); f++) {
      features.put(MODELS.holdout.features().get(f), MODELS.holdout.rows().get(row)[f]);
    }
    return features;
  }
}
