package io.trainyard.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.trainyard.cli.Trainyard;
import io.trainyard.run.RunTrigger;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainyard runs}: start, list, show, watch, cancel and reproduce runs, and read a step's logs
 * and a run's workflow history, through the API.
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "Start, list, show, watch, cancel and reproduce model runs on the Trainyard API; read their steps' logs and workflow history.",
    footer = {"", "Examples:", "  trainyard runs start breast-cancer --param epochs=30 --watch",
        "  trainyard runs list --state RUNNING --all"})
public class RunsCommand {
  /** A run's details, for {@code get}, {@code start}, {@code cancel} and the end of {@code watch}. */
  static final Output.View RUN = (doc, table) -> {
    table.details(doc,
        Column.text("Run", "runId"),
        Column.of("Pipeline", RunsCommand::pipeline),
        Column.text("Model", "model"),
        Column.state("State", "state"),
        Column.state("Stage", "stage"),
        Column.text("Message", "message"),
        Column.text("Started by", "startedBy"),
        Column.of("Trigger", RunsCommand::trigger),
        Column.time("Started", "startedAt"),
        Column.time("Finished", "finishedAt"),
        Column.duration("Duration", "startedAt", "finishedAt"),
        Column.pairs("Params", "params"),
        Column.pairs("Metrics", "metrics"),
        Column.text("Model version", "modelVersion"),
        Column.text("Alias", "alias"),
        Column.text("Workflow", "workflowId"));
    JsonNode stages = doc.path("live").path("stages");
    if (!stages.isEmpty()) {
      table.heading("Stages").rows(stages,
          Column.state("Stage", "stage"),
          Column.state("State", "state"),
          Column.text("Attempts", "attempts"),
          Column.of("Duration", stage -> Column.duration(Duration.ofMillis(stage.path("durationMillis").asLong()))),
          Column.text("Detail", "detail"));
    }
    JsonNode steps = doc.path("live").path("steps");
    if (!steps.isEmpty()) {
      // which hardware class each step ran on: the last one of its fallback list that was tried
      table.heading("Steps").rows(steps,
          Column.text("Step", "name"),
          Column.state("State", "state"),
          Column.text("Attempts", "attempts"),
          Column.text("Hardware", "hardware"),
          Column.text("Cached", "cached"));
    }
    JsonNode attempts = doc.path("attempts");
    if (!attempts.isEmpty()) {
      // where each attempt's time went, and what it cost (docs/operations.md#where-a-runs-time-went)
      table.heading("Attempts").rows(attempts,
          Column.text("Step", "step"),
          Column.text("Attempt", "attempt"),
          Column.state("State", "state"),
          Column.text("Hardware", "hardware"),
          Column.elapsed("Queue", "queueMillis"),
          Column.elapsed("Start-up", "startupMillis"),
          Column.elapsed("Run", "runningMillis"),
          Column.elapsed("Engine", "engineMillis"),
          Column.text("Cost", "cost"));
    }
  };
  private static final ObjectReader SCALAR = ApiClient.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Reads a run's trigger as the payload it was (the Temporal payloads' settings: ISO instants). */
  private static final ObjectMapper TRIGGERS = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  @Spec CommandSpec spec;

  @Command(
      name = "start",
      description = {"Start a run of a registered pipeline; with --watch follow it to its end.",
          "Parameter values read as JSON scalars: 20 and 0.5 are numbers, true is a boolean, anything else is text.",
          "Quote a value to send it as text: --param tag='\"42\"'. The server checks values against the spec's types.",
          "With --watch, exit code 0 when the run succeeded or its canary rolled it back, 1 otherwise."},
      footer = {"", "Examples:", "  trainyard runs start breast-cancer --param epochs=30 --watch",
          "  trainyard runs start breast-cancer --version 3 --idempotency-key n-1126"})
  int start(
      @Parameters(paramLabel = "PIPELINE", description = "The pipeline's name.") String pipeline,
      @Option(names = "--version", paramLabel = "N", description = "The pipeline version (default: the latest).") Integer version,
      @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Set a pipeline parameter (repeatable).")
          Map<String, String> params,
      @Option(names = "--idempotency-key", paramLabel = "KEY",
          description = {"Start at most one run for this key: a retry with the same key returns the same run.",
              "Without one, the command makes a key of its own, so that its own retries (after a 503 or a lost answer) start one run."})
          String key,
      @Option(names = "--watch", description = "Follow the run to its end, printing each stage change.") boolean watch,
      @Option(names = "--budget", paramLabel = "AMOUNT",
          description = "What the run may spend (the server's currency); may only lower the pipeline's budget.run.")
          BigDecimal budget,
      @Mixin RemoteOptions remote) {
    ObjectNode body = ApiClient.JSON.createObjectNode().put("pipeline", pipeline);
    if (version != null) {
      body.put("version", version);
    }
    if (budget != null) {
      body.put("budget", budget);
    }
    ObjectNode values = body.putObject("params");
    (params == null ? Map.<String, String>of() : params).forEach((name, value) -> values.set(name, parameter(value)));
    ApiClient client = remote.client();
    // a key of this invocation's own when none is given, so that the client's retries start one run
    String idempotencyKey = key != null ? key : ApiClient.newIdempotencyKey();
    ApiClient.Answer answer = client.postRepeatable("/v1/runs", body, idempotencyKey);
    JsonNode run = answer.body();
    String runId = run.path("runId").asText();
    Output output = remote.output(spec);
    output.note(answer.status() == 201 || key == null
        ? "run " + runId + " of " + pipeline(run) + " started"
        : "the idempotency key " + key + " already started run " + runId + "; not started again");
    if (!watch) {
      output.print(run, RUN);
      return Trainyard.OK;
    }
    return follow(client, runId, output);
  }

  @Command(
      name = "list",
      description = {"List runs, newest first, one page (--limit) at a time; --all follows the pages to the end."},
      footer = {"", "Examples:", "  trainyard runs list --pipeline breast-cancer --state SUCCEEDED --all",
          "  trainyard runs list --started-by ana --after 2026-11-01T00:00:00Z -o json"})
  int list(
      @Option(names = "--pipeline", paramLabel = "NAME", description = "Only runs of this pipeline.") String pipeline,
      @Option(names = "--model", paramLabel = "NAME", description = "Only runs that train this model.") String model,
      @Option(names = "--state", paramLabel = "STATE",
          description = "Only runs in this state (RUNNING, WAITING_APPROVAL, SUCCEEDED, REJECTED, ROLLED_BACK, FAILED, CANCELLED, BUDGET_EXCEEDED, ABANDONED).")
          String state,
      @Option(names = "--stage", paramLabel = "STAGE", description = "Only runs at this stage (PREPARE, TRAIN, EVALUATE, GATE, ROLLOUT, DONE).")
          String stage,
      @Option(names = "--started-by", paramLabel = "USER", description = "Only runs this user started.") String startedBy,
      @Option(names = "--trigger", paramLabel = "KIND", description = "Only runs started by this (api, cli, schedule, dataset, reproduce).")
          String trigger,
      @Option(names = "--after", paramLabel = "INSTANT", description = "Only runs started after this ISO-8601 instant.") String after,
      @Option(names = "--before", paramLabel = "INSTANT", description = "Only runs started before this ISO-8601 instant.") String before,
      @Option(names = "--limit", paramLabel = "N", description = "Runs per page, 1 to 200 (default: the server's, 50).") Integer limit,
      @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start at this page (the nextCursor of the previous one).") String cursor,
      @Option(names = "--all", description = "Follow nextCursor to the last page and print every run.") boolean all,
      @Mixin RemoteOptions remote) {
    Query query = new Query()
        .add("pipeline", pipeline).add("model", model).add("state", state).add("stage", stage).add("startedBy", startedBy)
        .add("trigger", trigger).add("startedAfter", after).add("startedBefore", before).add("limit", limit).add("cursor", cursor);
    Output output = remote.output(spec);
    JsonNode page = remote.client().list("/v1/runs", query, all);
    output.print(page, (doc, table) -> table.rows(doc.path("items"),
        Column.text("Run", "runId"),
        Column.of("Pipeline", RunsCommand::pipeline),
        Column.text("Model", "model"),
        Column.state("State", "state"),
        Column.state("Stage", "stage"),
        Column.time("Started", "startedAt"),
        Column.duration("Duration", "startedAt", "finishedAt"),
        Column.text("Started by", "startedBy"),
        Column.of("Trigger", run -> Column.scalar(run.path("trigger").path("kind")))));
    output.morePages(page, "runs");
    return Trainyard.OK;
  }

  @Command(
      name = "get",
      description = {"Show a run: its registry record, while it runs the workflow's live status, and its step",
          "attempts (attempts): where each one's time went (queue, start-up, run, engine) and what it cost."},
      footer = {"", "Example:", "  trainyard runs get 3f9c2a7e1b04 -o yaml"})
  int get(@Parameters(paramLabel = "RUN", description = "The run id.") String runId, @Mixin RemoteOptions remote) {
    ApiClient client = remote.client();
    String run = "/v1/runs/" + Query.segment(runId);
    ObjectNode shown = (ObjectNode) client.get(run);
    shown.set("attempts", client.get(run + "/steps").path("items"));
    remote.output(spec).print(shown, RUN);
    return Trainyard.OK;
  }

  @Command(
      name = "watch",
      description = {"Follow a run to its end, printing each stage change on stderr and the final run on stdout.",
          "Exit code 0 when it succeeded or its canary rolled it back as designed,",
          "1 when it failed, was rejected, cancelled, stopped at its budget or abandoned."},
      footer = {"", "Example:", "  trainyard runs watch 3f9c2a7e1b04"})
  int watch(@Parameters(paramLabel = "RUN", description = "The run id.") String runId, @Mixin RemoteOptions remote) {
    return follow(remote.client(), runId, remote.output(spec));
  }

  @Command(
      name = "cancel",
      description = {"Cancel a run that has not ended; its running step is stopped and nothing is rolled out.",
          "Exit code 6 when the run has already ended."},
      footer = {"", "Example:", "  trainyard runs cancel 3f9c2a7e1b04 --reason 'wrong data snapshot'"})
  int cancel(
      @Parameters(paramLabel = "RUN", description = "The run id.") String runId,
      @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.") String reason,
      @Mixin RemoteOptions remote) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (reason != null) {
      body.put("reason", reason);
    }
    JsonNode run = remote.client().post("/v1/runs/" + Query.segment(runId) + "/cancel", body, Map.of()).body();
    Output output = remote.output(spec);
    output.note("cancel of run " + runId + " requested");
    output.print(run, RUN);
    return Trainyard.OK;
  }

  @Command(
      name = "reproduce",
      description = {"Reproduce an ended run: start a run with exactly its recorded inputs (pipeline version, parameters",
          "and seed, dataset versions; refused when the bytes under an input changed) with the step cache off, follow it",
          "to its end (it never rolls out) and compare every step's outputs with the original's.",
          "Exit code 0 when every step's outputs are equal; 1 naming the first step and output that differ, with both",
          "digests, or when the reproduction did not succeed."},
      footer = {"", "Example:", "  trainyard runs reproduce 3f9c2a7e1b04"})
  int reproduce(
      @Parameters(paramLabel = "RUN", description = "The id of the run to reproduce.") String runId,
      @Option(names = "--idempotency-key", paramLabel = "KEY",
          description = "Start at most one reproduction for this key: a retry with the same key follows the same run.")
          String key,
      @Mixin RemoteOptions remote) {
    ApiClient client = remote.client();
    Output output = remote.output(spec);
    ApiClient.Answer answer = client.postRepeatable("/v1/runs/" + Query.segment(runId) + "/reproduce",
        ApiClient.JSON.createObjectNode(), key != null ? key : ApiClient.newIdempotencyKey());
    String reproduction = answer.body().path("runId").asText();
    output.note("run " + reproduction + " reproduces run " + runId);
    output.note("watching run " + reproduction + " (Ctrl-C stops watching, not the run)");
    JsonNode end = new RunFollower(client, output).follow(reproduction);
    JsonNode compared = client.get("/v1/runs/" + Query.segment(reproduction) + "/reproduction");
    output.print(compared, (doc, table) -> table.rows(doc.path("outputs"),
        Column.text("Step", "step"),
        Column.text("Output", "output"),
        Column.digest("Original", "original"),
        Column.digest("Reproduced", "reproduced"),
        Column.text("Equal", "equal")));
    String verdict = verdict(compared, end);
    output.say(verdict);
    if (!Reproduced.EQUAL.equals(compared.path("outcome").asText())) {
      output.note(verdict);
      return Trainyard.RUN_DID_NOT_SUCCEED;
    }
    return Trainyard.OK;
  }

  /** The API's outcomes of a comparison ({@code GET /v1/runs/{id}/reproduction}). */
  private static final class Reproduced {
    static final String EQUAL = "equal";
    static final String DIFFERENT = "different";
  }

  /** One line: equal, the first difference with both digests in full, or how the reproduction ended. */
  private static String verdict(JsonNode compared, JsonNode end) {
    String outcome = compared.path("outcome").asText();
    if (Reproduced.EQUAL.equals(outcome)) {
      return "reproduced: every step's outputs equal";
    }
    if (Reproduced.DIFFERENT.equals(outcome)) {
      JsonNode first = compared.path("firstDifference");
      return "not reproduced: step '" + first.path("step").asText() + "' output '" + first.path("output").asText()
          + "' differs: " + first.path("original").asText() + " in run " + compared.path("reproduces").asText() + ", "
          + first.path("reproduced").asText() + " in run " + compared.path("runId").asText();
    }
    return "not reproduced: run " + compared.path("runId").asText() + " ended "
        + end.path("state").asText().toLowerCase(Locale.ROOT) + ": " + end.path("message").asText("");
  }

  @Command(
      name = "history",
      description = {"Print the run's workflow history as Temporal keeps it: every event, oldest first",
          "(what the Temporal Web UI shows; the embedded server has no UI). The canary is a child workflow."},
      footer = {"", "Example:", "  trainyard runs history 3f9c2a7e1b04 -o json"})
  int history(@Parameters(paramLabel = "RUN", description = "The run id.") String runId, @Mixin RemoteOptions remote) {
    JsonNode history = remote.client().get("/v1/runs/" + Query.segment(runId) + "/history");
    remote.output(spec).print(history, (doc, table) -> table.rows(doc.path("items"),
        Column.text("Id", "eventId"),
        Column.time("Time", "time"),
        Column.text("Event", "type"),
        Column.text("Detail", "detail")));
    return Trainyard.OK;
  }

  @Command(
      name = "logs",
      description = {"Print a step attempt's stdout and stderr (default: the step's latest attempt)."},
      footer = {"", "Example:", "  trainyard runs logs 3f9c2a7e1b04 train --attempt 2"})
  int logs(
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String runId,
      @Parameters(index = "1", paramLabel = "STEP", description = "The step's name in the pipeline.") String step,
      @Option(names = "--attempt", paramLabel = "N", description = "The attempt (default: the latest).") Integer attempt,
      @Mixin RemoteOptions remote) {
    ApiClient client = remote.client();
    String run = "/v1/runs/" + Query.segment(runId);
    int chosen = attempt != null ? attempt : latestAttempt(client.get(run + "/steps"), runId, step);
    remote.output(spec).raw(client.text(run + "/steps/" + Query.segment(step) + "/attempts/" + chosen + "/logs"));
    return Trainyard.OK;
  }

  private static int follow(ApiClient client, String runId, Output output) {
    output.note("watching run " + runId + " (Ctrl-C stops watching, not the run)");
    JsonNode end = new RunFollower(client, output).follow(runId);
    output.print(end, RUN);
    return RunFollower.exitCode(end);
  }

  private static int latestAttempt(JsonNode steps, String runId, String step) {
    List<String> names = new ArrayList<>();
    int latest = 0;
    for (JsonNode attempt : steps.path("items")) {
      names.add(attempt.path("step").asText());
      if (attempt.path("step").asText().equals(step)) {
        latest = Math.max(latest, attempt.path("attempt").asInt());
      }
    }
    if (latest == 0) {
      throw CommandFailure.of(Trainyard.NOT_FOUND, "run " + runId + " has no attempt of step '" + step + "'"
          + (names.isEmpty() ? " (no step has started yet)" : " (steps with attempts: " + String.join(", ", names.stream().distinct().toList()) + ")"));
    }
    return latest;
  }

  /** A {@code --param} value: a JSON number, boolean or quoted string when it is one, else the text as given. */
  static JsonNode parameter(String value) {
    try {
      JsonNode node = SCALAR.readTree(value);
      if (node != null && (node.isNumber() || node.isBoolean() || node.isTextual())) {
        return node;
      }
    } catch (JsonProcessingException notJson) {
      // plain text, such as --param scaling=standard
    }
    return TextNode.valueOf(value);
  }

  /** What started the run, on one line ({@link RunTrigger#describe()}); a kind this CLI does not know, by its name. */
  private static String trigger(JsonNode run) {
    JsonNode trigger = run.path("trigger");
    if (!trigger.isObject()) {
      return null;
    }
    try {
      return TRIGGERS.treeToValue(trigger, RunTrigger.class).describe();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Column.scalar(trigger.path("kind"));
    }
  }

  private static String pipeline(JsonNode run) {
    String name = Column.scalar(run.path("pipeline"));
    String version = Column.scalar(run.path("pipelineVersion"));
    return name == null ? null : version == null ? name : name + " v" + version;
  }
}
