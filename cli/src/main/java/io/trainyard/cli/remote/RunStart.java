package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How {@code run} and {@code demo} start a run of a local pipeline file: through the API's one start
 * path, as {@code pipelines register} and {@code runs start} do. The file's document is registered
 * (an equal one finds its version), then that version is started with the given parameter values
 * under an {@code Idempotency-Key} made for this start, sent again after a 503 or a lost answer.
 * A refusal is a {@link CommandFailure} with the API's exit code.
 */
public final class RunStart {
  private final ApiClient client;

  /** Starts through the API at {@code server}, showing it {@code token}. */
  public RunStart(URI server, String token) {
    this.client = new ApiClient(new Connection(server, token), Connection.configPath(System::getenv).toString());
  }

  /** Register {@code file} and start a run of that version with {@code params} (typed values: numbers, booleans, text). */
  public Started start(Path file, Map<String, Object> params) {
    JsonNode version = client.postDocument("/v1/pipelines", PipelinesCommand.read(file), PipelinesCommand.mediaType(file)).body();
    ObjectNode body = ApiClient.JSON.createObjectNode()
        .put("pipeline", version.path("name").asText())
        .put("version", version.path("version").asInt());
    body.set("params", ApiClient.JSON.valueToTree(params));
    JsonNode run = client.postRepeatable("/v1/runs", body, ApiClient.newIdempotencyKey()).body();
    return new Started(run.path("runId").asText(), run.path("pipeline").asText(), run.path("workflowId").asText());
  }

  /** The run a start began: its id, its pipeline's name and its workflow's id. */
  public record Started(String runId, String pipeline, String workflowId) {}
}
