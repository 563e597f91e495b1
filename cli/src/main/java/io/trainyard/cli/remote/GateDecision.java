package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.cli.Trainyard;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What {@code approve} and {@code reject} share: their arguments, sending the decision, printing the gate's answer. */
abstract class GateDecision implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "The run id.")
  String runId;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the audit trail.")
  String comment;

  @Mixin RemoteOptions remote;

  /** The last path segment of the decision: {@code approve} or {@code reject}. */
  abstract String verb();

  /** POST {@code /v1/runs/{run}/{verb}} with the comment and print the gate's answer. */
  @Override
  public Integer call() {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (comment != null) {
      body.put("comment", comment);
    }
    JsonNode gate = remote.client().post("/v1/runs/" + Query.segment(runId) + "/" + verb(), body, Map.of()).body();
    remote.output(spec).print(gate, (doc, table) -> table.details(doc,
        Column.state("Outcome", "outcome"),
        Column.of("Approvals", answer -> Column.scalar(answer.path("approvals")) + " of " + Column.scalar(answer.path("required"))),
        Column.pairs("Approved by", "approvedBy")));
    return Trainyard.OK;
  }
}
