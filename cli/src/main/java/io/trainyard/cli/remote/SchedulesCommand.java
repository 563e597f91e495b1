package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.cli.Trainyard;
import io.trainyard.spec.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trainyard schedules}: the pipelines' retraining schedules (Temporal Schedules) through the API. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = "Create, list, show, change, pause, trigger, backfill and delete pipelines' retraining schedules.",
    footer = {"", "Examples:", "  trainyard schedules create breast-cancer --cron '0 3 * * *' --timezone Europe/Paris",
        "  trainyard schedules pause trainyard-breast-cancer --note 'data freeze'",
        "  trainyard schedules backfill trainyard-breast-cancer --last 10m"})
public class SchedulesCommand {
  private static final Output.View SCHEDULE = (doc, table) -> table.details(doc,
      Column.text("Schedule", "id"),
      Column.text("Pipeline", "pipeline"),
      Column.of("When", SchedulesCommand::when),
      Column.of("Overlap", s -> Column.scalar(s.path("schedule").path("overlap"))),
      Column.of("Params", s -> Column.pairs(s.path("schedule").path("params"))),
      Column.of("State", s -> s.path("paused").asBoolean() ? "paused" : "active"),
      Column.text("Note", "note"),
      Column.of("Next", s -> s.path("nextActions").isEmpty() ? "" : Column.time(s.path("nextActions").get(0))),
      Column.text("Actions", "actions"),
      Column.text("Skipped", "skippedOverlap"),
      Column.of("Running", s -> java.util.stream.StreamSupport.stream(s.path("running").spliterator(), false)
          .map(JsonNode::asText).collect(java.util.stream.Collectors.joining(", ")))
      ).heading("Recent actions").rows(doc.path("recentActions"),
          Column.time("Scheduled", "scheduledAt"),
          Column.time("Started", "startedAt"),
          Column.text("Workflow", "workflowId"));

  @Spec CommandSpec spec;

  /** When a schedule's runs start, as its options say it. */
  static class Timing {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Every when;

    @Option(names = "--offset", paramLabel = "DURATION", description = "With --every: the offset within each interval.")
    String offset;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "IANA time zone of a cron schedule (default UTC).")
    String timezone;

    @Option(names = "--jitter", paramLabel = "DURATION", description = "Start each action up to this much later, at random.")
    String jitter;

    @Option(names = "--overlap", paramLabel = "POLICY",
        description = "While the previous scheduled run is in flight: skip (default), buffer-one, buffer-all, cancel-other, allow-all.")
    String overlap;

    @Option(names = "--catchup-window", paramLabel = "DURATION", description = "How late a missed action may still start (default 10m).")
    String catchupWindow;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A parameter of the scheduled runs (repeatable).")
    Map<String, String> params;

    @Option(names = "--paused", description = "Create it paused.")
    boolean paused;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note shown with the schedule.")
    String note;

    ObjectNode json() {
      ObjectNode schedule = ApiClient.JSON.createObjectNode();
      if (when.cron != null) {
        schedule.put("cron", when.cron);
      } else {
        schedule.put("every", when.every);
      }
      putIfSet(schedule, "offset", offset);
      putIfSet(schedule, "timezone", timezone);
      putIfSet(schedule, "jitter", jitter);
      putIfSet(schedule, "overlap", overlap);
      putIfSet(schedule, "catchupWindow", catchupWindow);
      putIfSet(schedule, "note", note);
      if (paused) {
        schedule.put("paused", true);
      }
      ObjectNode values = schedule.putObject("params");
      (params == null ? Map.<String, String>of() : params).forEach((name, value) -> values.set(name, RunsCommand.parameter(value)));
      return schedule;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
      if (value != null) {
        node.put(field, value);
      }
    }
  }

  /** A cron expression or an interval: one of the two. */
  static class Every {
    @Option(names = "--cron", paramLabel = "EXPR", required = true,
        description = "A 5-field cron expression (minute hour day month weekday) or @hourly, @daily, @weekly, @monthly, @yearly.")
    String cron;

    @Option(names = "--every", paramLabel = "DURATION", required = true, description = "An interval: 1m, 6h, 1d.")
    String every;
  }

  @Command(
      name = "create",
      description = "Create the schedule of a pipeline (id trainyard-PIPELINE): its runs start the pipeline's newest version.",
      footer = {"", "Examples:", "  trainyard schedules create breast-cancer --every 1m",
          "  trainyard schedules create breast-cancer --cron '0 3 * * 1-5' --timezone Europe/Paris --param epochs=30"})
  int create(
      @Parameters(paramLabel = "PIPELINE", description = "The pipeline's name.") String pipeline,
      @ArgGroup(exclusive = false, multiplicity = "1") Timing timing,
      @Mixin RemoteOptions remote) {
    ObjectNode body = ApiClient.JSON.createObjectNode().put("pipeline", pipeline);
    body.set("schedule", timing.json());
    JsonNode created = remote.client().post("/v1/schedules", body, Map.of()).body();
    Output output = remote.output(spec);
    output.note("schedule " + created.path("id").asText() + " created");
    output.print(created, SCHEDULE);
    return Trainyard.OK;
  }

  @Command(name = "list", description = "List every pipeline's schedule.", footer = {"", "Example:", "  trainyard schedules list"})
  int list(@Mixin RemoteOptions remote) {
    remote.output(spec).print(remote.client().get("/v1/schedules"), (doc, table) -> table.rows(doc.path("items"),
        Column.text("Schedule", "id"),
        Column.text("Pipeline", "pipeline"),
        Column.of("When", SchedulesCommand::when),
        Column.of("State", s -> s.path("paused").asBoolean() ? "paused" : "active"),
        Column.of("Next", s -> s.path("nextActions").isEmpty() ? "" : Column.time(s.path("nextActions").get(0))),
        Column.text("Actions", "actions")));
    return Trainyard.OK;
  }

  @Command(name = "get", description = "Show a schedule: its timing, state, next and recent actions.",
      footer = {"", "Example:", "  trainyard schedules get trainyard-breast-cancer"})
  int get(@Parameters(paramLabel = "ID", description = "The schedule's id (trainyard-PIPELINE).") String id, @Mixin RemoteOptions remote) {
    remote.output(spec).print(remote.client().get(path(id)), SCHEDULE);
    return Trainyard.OK;
  }

  @Command(name = "update", description = "Replace a schedule's timing, policy and parameters (its pause state stays).",
      footer = {"", "Example:", "  trainyard schedules update trainyard-breast-cancer --cron '0 4 * * *'"})
  int update(
      @Parameters(paramLabel = "ID", description = "The schedule's id.") String id,
      @ArgGroup(exclusive = false, multiplicity = "1") Timing timing,
      @Mixin RemoteOptions remote) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.set("schedule", timing.json());
    remote.output(spec).print(remote.client().put(path(id), body), SCHEDULE);
    return Trainyard.OK;
  }

  @Command(name = "pause", description = "Pause a schedule: no action starts until it is unpaused.",
      footer = {"", "Example:", "  trainyard schedules pause trainyard-breast-cancer --note 'data freeze until Monday'"})
  int pause(@Parameters(paramLabel = "ID", description = "The schedule's id.") String id,
      @Option(names = "--note", paramLabel = "TEXT", description = "Why (shown with the schedule).") String note,
      @Mixin RemoteOptions remote) {
    return noted(id, "/pause", note, remote);
  }

  @Command(name = "unpause", description = "Resume a paused schedule.",
      footer = {"", "Example:", "  trainyard schedules unpause trainyard-breast-cancer"})
  int unpause(@Parameters(paramLabel = "ID", description = "The schedule's id.") String id,
      @Option(names = "--note", paramLabel = "TEXT", description = "Why (shown with the schedule).") String note,
      @Mixin RemoteOptions remote) {
    return noted(id, "/unpause", note, remote);
  }

  @Command(name = "trigger", description = "Start one scheduled run now, paused or not.",
      footer = {"", "Example:", "  trainyard schedules trigger trainyard-breast-cancer"})
  int trigger(@Parameters(paramLabel = "ID", description = "The schedule's id.") String id, @Mixin RemoteOptions remote) {
    remote.output(spec).print(remote.client().post(path(id) + "/trigger", ApiClient.JSON.createObjectNode(), Map.of()).body(), SCHEDULE);
    return Trainyard.OK;
  }

  @Command(name = "backfill",
      description = "Take now the actions a past time range would have taken, under the schedule's overlap policy.",
      footer = {"", "Examples:", "  trainyard schedules backfill trainyard-breast-cancer --last 10m",
          "  trainyard schedules backfill trainyard-breast-cancer --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z"})
  int backfill(
      @Parameters(paramLabel = "ID", description = "The schedule's id.") String id,
      @Option(names = "--from", paramLabel = "INSTANT", description = "Start of the range (ISO-8601, UTC).") Instant from,
      @Option(names = "--to", paramLabel = "INSTANT", description = "End of the range (default: now).") Instant to,
      @Option(names = "--last", paramLabel = "DURATION", description = "The range that ends now: 10m, 2h, 1d.") String last,
      @Mixin RemoteOptions remote) {
    Instant end = to != null ? to : Instant.now();
    if ((from == null) == (last == null)) {
      throw new ParameterException(spec.commandLine().getSubcommands().get("backfill"), "give either --from or --last");
    }
    Instant start = from != null ? from : end.minus(duration(last));
    ObjectNode body = ApiClient.JSON.createObjectNode().put("from", start.toString()).put("to", end.toString());
    remote.output(spec).print(remote.client().post(path(id) + "/backfill", body, Map.of()).body(), SCHEDULE);
    return Trainyard.OK;
  }

  @Command(name = "delete", description = "Delete a schedule (the runs it started stay).",
      footer = {"", "Example:", "  trainyard schedules delete trainyard-breast-cancer"})
  int delete(@Parameters(paramLabel = "ID", description = "The schedule's id.") String id, @Mixin RemoteOptions remote) {
    remote.client().delete(path(id));
    remote.output(spec).say("schedule " + id + " deleted");
    return Trainyard.OK;
  }

  private int noted(String id, String action, String note, RemoteOptions remote) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (note != null) {
      body.put("note", note);
    }
    remote.output(spec).print(remote.client().post(path(id) + action, body, Map.of()).body(), SCHEDULE);
    return Trainyard.OK;
  }

  private Duration duration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine().getSubcommands().get("backfill"), "--last: " + e.getMessage());
    }
  }

  private static String when(JsonNode schedule) {
    JsonNode s = schedule.path("schedule");
    String zone = s.path("timezone").isTextual() ? " " + s.path("timezone").asText() : "";
    return s.path("cron").isTextual() ? "cron " + s.path("cron").asText() + zone : "every " + s.path("every").asText();
  }

  private static String path(String id) {
    return "/v1/schedules/" + Query.segment(id);
  }
}
