package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.cli.Trainyard;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code approve} and {@code reject} share: send the decision, print the gate's answer. */
final class GateDecision {
  private GateDecision() {}

  /** POST {@code /v1/runs/{run}/{verb}} with the comment and print the gate's answer. */
  static int send(CommandSpec command, RemoteOptions remote, String runId, String verb, String comment) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (comment != null) {
      body.put("comment", comment);
    }
    JsonNode gate = remote.client().post("/v1/runs/" + Query.segment(runId) + "/" + verb, body, Map.of()).body();
    remote.output(command).print(gate, (doc, table) -> table.details(doc,
        Column.state("Outcome", "outcome"),
        Column.of("Approvals", answer -> Column.scalar(answer.path("approvals")) + " of " + Column.scalar(answer.path("required"))),
        Column.pairs("Approved by", "approvedBy")));
    return Trainyard.OK;
  }
}
