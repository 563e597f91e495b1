package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.cli.Trainyard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trainyard models}: list and show models, set or delete custom aliases, roll production back. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List and show registered models, set or delete custom aliases, and roll production back.",
    footer = {"", "Examples:", "  trainyard models get breast-cancer-classifier",
        "  trainyard models rollback breast-cancer-classifier --reason 'false negatives'"})
public class ModelsCommand {
  @Spec CommandSpec spec;

  @Command(
      name = "list",
      description = "List the models with their latest version and aliases.",
      footer = {"", "Example:", "  trainyard models list"})
  int list(@Mixin RemoteOptions remote) {
    remote.output(spec).print(remote.client().get("/v1/models"), (doc, table) -> table.rows(doc.path("items"),
        Column.text("Model", "name"),
        Column.text("Latest", "latestVersion"),
        Column.pairs("Aliases", "aliases")));
    return Trainyard.OK;
  }

  @Command(
      name = "get",
      description = {"Show a model: its aliases and every version with its lineage (run, pipeline version, seed, code",
          "version, metrics), then what ran each step of each version's run (hardware class, builtin or image digest)."},
      footer = {"", "Example:", "  trainyard models get breast-cancer-classifier -o json"})
  int get(@Parameters(paramLabel = "NAME", description = "The model's name.") String name, @Mixin RemoteOptions remote) {
    remote.output(spec).print(remote.client().get(model(name)), (doc, table) -> table
        .details(doc, Column.text("Model", "name"), Column.pairs("Aliases", "aliases"))
        .heading("Versions")
        .rows(doc.path("versions"),
            Column.text("Version", "version"),
            Column.digest("Digest", "digest"),
            Column.text("Run", "runId"),
            // lineage names the pipeline version by number, or by digest for versions no one registered
            Column.of("Pipeline", v -> Column.scalar(v.path("pipeline")) + (v.path("pipelineVersion").isNumber()
                ? " v" + v.path("pipelineVersion").asInt()
                : " " + Column.shortDigest(Column.scalar(v.path("pipelineDigest"))))),
            Column.text("Seed", "seed"),
            Column.text("Code", "codeVersion"),
            Column.pairs("Metrics", "metrics"),
            Column.time("Created", "createdAt"))
        .heading("Steps")
        .rows(steps(doc.path("versions")),
            Column.text("Version", "version"),
            Column.text("Step", "step"),
            Column.text("Hardware", "hardware"),
            Column.text("Executor", "executor"),
            Column.of("Ran", ModelsCommand::ran),
            Column.text("Image digest", "imageDigest")));
    return Trainyard.OK;
  }

  /** Every step of every version, each with its version's number. */
  private static ArrayNode steps(JsonNode versions) {
    ArrayNode rows = ApiClient.JSON.createArrayNode();
    versions.forEach(version -> version.path("steps").forEach(step ->
        rows.add(((ObjectNode) step.deepCopy()).put("version", version.path("version").asInt()))));
    return rows;
  }

  /** What ran a step: {@code builtin:NAME@VERSION}, the image it ran in, or both; and whether the cache answered. */
  private static String ran(JsonNode step) {
    List<String> parts = new ArrayList<>();
    String builtin = Column.scalar(step.path("builtin"));
    String version = Column.scalar(step.path("builtinVersion"));
    if (builtin != null) {
      parts.add("builtin:" + builtin + (version == null ? "" : "@" + version));
    }
    String image = Column.scalar(step.path("image"));
    if (image != null) {
      parts.add(builtin == null ? image : "in " + image);
    }
    if (step.path("cached").asBoolean()) {
      parts.add("(cached)");
    }
    return String.join(" ", parts);
  }

  @Command(
      name = "alias",
      description = {"Point a custom alias of a model at a version, or delete it with --delete.",
          "The aliases rollouts manage (production, previous, canary) are refused here: use rollback."},
      footer = {"", "Examples:", "  trainyard models alias breast-cancer-classifier staging 4 --reason 'load test'",
          "  trainyard models alias breast-cancer-classifier staging --delete"})
  int alias(
      @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.") String name,
      @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias.") String alias,
      @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION", description = "The version the alias points at.") Integer version,
      @Option(names = "--delete", description = "Delete the alias instead.") boolean delete,
      @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the alias history and the audit trail.") String reason,
      @Mixin RemoteOptions remote) {
    if (delete == (version != null)) {
      throw new ParameterException(spec.commandLine().getSubcommands().get("alias"),
          delete ? "give either VERSION or --delete, not both" : "missing VERSION (or --delete to delete the alias)");
    }
    String path = model(name) + "/aliases/" + Query.segment(alias);
    Output output = remote.output(spec);
    if (delete) {
      remote.client().delete(path);
      output.say("alias " + alias + " of " + name + " deleted");
      return Trainyard.OK;
    }
    ObjectNode body = ApiClient.JSON.createObjectNode().put("version", version);
    if (reason != null) {
      body.put("reason", reason);
    }
    output.print(remote.client().put(path, body), (doc, table) -> table.details(doc,
        Column.text("Model", "name"), Column.text("Alias", "alias"), Column.text("Version", "version"),
        Column.time("Updated", "updatedAt")));
    return Trainyard.OK;
  }

  @Command(
      name = "rollback",
      description = {"Roll production back: a live rollout of the model is rolled back by its run; otherwise a rollback run",
          "puts the version at 'previous' back at 'production'. Exit code 6 when there is nothing to restore."},
      footer = {"", "Example:", "  trainyard models rollback breast-cancer-classifier --reason 'false negatives'"})
  int rollback(
      @Parameters(paramLabel = "NAME", description = "The model's name.") String name,
      @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the alias history and the audit trail.") String reason,
      @Mixin RemoteOptions remote) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (reason != null) {
      body.put("reason", reason);
    }
    JsonNode answer = remote.client().post(model(name) + "/rollback", body, Map.of()).body();
    remote.output(spec).print(answer, (doc, table) -> table.details(doc,
        Column.text("Mode", "mode"),
        Column.text("Run", "runId"),
        Column.text("From", "from"),
        Column.text("To", "to")));
    return Trainyard.OK;
  }

  private static String model(String name) {
    return "/v1/models/" + Query.segment(name);
  }
}
