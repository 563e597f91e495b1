package io.trainyard.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.StageProgress;
import io.trainyard.cli.Trainyard;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import java.util.Locale;

/**
 * Follows a run through the API's event stream ({@code status} events, then {@code end} with the
 * final run), printing the same progress lines as {@code trainyard run}. When the stream closes
 * before {@code end} (a proxy timeout, a restarted API), it asks for the run and follows again.
 */
final class RunFollower {
  private final ApiClient client;
  private final Output output;
  private final StageProgress stages;
  private boolean unreadableShown;

  RunFollower(ApiClient client, Output output) {
    this.client = client;
    this.output = output;
    this.stages = new StageProgress(output::progress);
  }

  /** The run's final document, once it has ended. */
  JsonNode follow(String runId) {
    String run = "/v1/runs/" + Query.segment(runId);
    while (true) {
      JsonNode[] end = new JsonNode[1];
      boolean[] heard = new boolean[1];
      client.events(run + "/events", event -> {
        heard[0] = true;
        switch (event.name()) {
          case "status" -> show(parse(event.data()));
          case "end" -> end[0] = parse(event.data());
          default -> { }
        }
        return end[0] == null;
      });
      if (end[0] != null) {
        return end[0];
      }
      JsonNode now = client.get(run);
      if (state(now).isFinal()) {
        return now;
      }
      if (!heard[0]) {
        throw CommandFailure.of(Trainyard.ENVIRONMENT, "the API closed the event stream of run " + runId + " without an event");
      }
    }
  }

  /** Exit code 0 when the run ended as designed (promoted, or rolled back by its canary), else 1. */
  static int exitCode(JsonNode run) {
    RunState state = state(run);
    return state == RunState.SUCCEEDED || state == RunState.ROLLED_BACK ? Trainyard.OK : Trainyard.RUN_DID_NOT_SUCCEED;
  }

  private static RunState state(JsonNode run) {
    String state = run.path("state").asText("");
    try {
      return RunState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CommandFailure.of(Trainyard.ENVIRONMENT, "the API answered a run in an unknown state '" + state + "'");
    }
  }

  /** Print what changed; the status is the workflow's, given alone or as a run's {@code live}. */
  private void show(JsonNode event) {
    JsonNode status = event.has("stages") ? event : event.path("live");
    if (!status.isObject()) {
      return;
    }
    try {
      RunStatus run = ApiClient.JSON.treeToValue(status, RunStatus.class);
      stages.status(run);
      if (run.rollout() != null) {
        stages.rollout(run.rollout());
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      if (!unreadableShown) {
        unreadableShown = true;
        output.progress("  (progress not shown: a status event does not read as a run status: "
            + e.getMessage().lines().findFirst().orElse("") + ")");
      }
    }
  }

  private static JsonNode parse(String data) {
    try {
      return ApiClient.JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw CommandFailure.of(Trainyard.ENVIRONMENT, "the API sent an event that is not JSON: " + e.getOriginalMessage());
    }
  }
}
