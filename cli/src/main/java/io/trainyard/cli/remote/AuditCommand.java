package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.Trainyard;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainyard audit}: read the audit trail (admin). */
@Command(
    name = "audit",
    description = {"Read the audit trail, newest first: every write through the API, refused ones too (admin role)."},
    footer = {"", "Example:", "  trainyard audit --action run.approve --target run/3f9c2a7e1b04 --limit 20"})
public class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--actor", paramLabel = "USER", description = "Only what this user did.")
  String actor;

  @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, such as run.start or model.rollback.")
  String action;

  @Option(names = "--target", paramLabel = "TARGET", description = "Only this target: pipeline/NAME, run/ID or model/NAME.")
  String target;

  @Option(names = "--after", paramLabel = "INSTANT", description = "Only events after this ISO-8601 instant.")
  String after;

  @Option(names = "--before", paramLabel = "INSTANT", description = "Only events before this ISO-8601 instant.")
  String before;

  @Option(names = "--limit", paramLabel = "N", description = "Events per page (default: the server's).")
  Integer limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start at this page (the nextCursor of the previous one).")
  String cursor;

  @Option(names = "--all", description = "Follow nextCursor to the last page and print every event.")
  boolean all;

  @Mixin RemoteOptions remote;

  @Override
  public Integer call() {
    Query query = new Query().add("actor", actor).add("action", action).add("target", target)
        .add("after", after).add("before", before).add("limit", limit).add("cursor", cursor);
    Output output = remote.output(spec);
    JsonNode page = remote.client().list("/v1/audit", query, all);
    output.print(page, (doc, table) -> table.rows(doc.path("items"),
        Column.time("At", "at"),
        Column.text("Actor", "actor"),
        Column.text("Action", "action"),
        Column.text("Target", "target"),
        Column.text("Outcome", "outcome"),
        Column.text("Request", "requestId"),
        Column.of("Detail", event -> Column.pairs(event.path("detail")))));
    output.morePages(page, "events");
    return Trainyard.OK;
  }
}
