package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.Trainyard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import io.trainyard.cli.LocalInputs;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trainyard pipelines}: register, list, show and validate pipeline specs through the API. */
@Command(
    name = "pipelines",
    mixinStandardHelpOptions = true,
    description = "Register, list, show and validate pipeline specs on the Trainyard API.",
    footer = {"", "Examples:", "  trainyard pipelines register examples/breast-cancer/pipeline.yaml",
        "  trainyard pipelines get breast-cancer --version latest"})
public class PipelinesCommand {
  private static final Output.View VERSION = (doc, table) -> table.details(doc,
      Column.text("Pipeline", "name"),
      Column.text("Version", "version"),
      Column.text("Digest", "digest"),
      Column.text("Description", "description"),
      Column.time("Created", "createdAt"),
      Column.text("Created by", "createdBy"));

  @Spec CommandSpec spec;

  @Command(
      name = "register",
      description = {"Register a pipeline spec (YAML or JSON) as the pipeline's next version.",
          "A spec equal to an existing version (same canonical digest) returns that version instead."},
      footer = {"", "Example:", "  trainyard pipelines register examples/breast-cancer/pipeline.yaml"})
  int register(
      @Parameters(paramLabel = "FILE", description = "The pipeline spec (.yaml, .yml or .json).") Path file,
      @Mixin RemoteOptions remote) {
    ApiClient.Answer answer = remote.client().postDocument("/v1/pipelines", read(file), mediaType(file));
    JsonNode version = answer.body();
    Output output = remote.output(spec);
    output.note(answer.status() == 201
        ? "registered " + version.path("name").asText() + " version " + version.path("version").asText()
        : "the spec equals " + version.path("name").asText() + " version " + version.path("version").asText()
            + "; nothing was added");
    output.print(version, VERSION);
    return Trainyard.OK;
  }

  @Command(
      name = "validate",
      description = {"Check a pipeline spec with the server's rules without storing it.",
          "Every error is listed with its field and line; exit code 2 when there is any."},
      footer = {"", "Example:", "  trainyard pipelines validate examples/breast-cancer/pipeline.yaml"})
  int validate(
      @Parameters(paramLabel = "FILE", description = "The pipeline spec (.yaml, .yml or .json).") Path file,
      @Mixin RemoteOptions remote) {
    JsonNode result = remote.client().postDocument("/v1/pipelines:validate", read(file), mediaType(file)).body();
    remote.output(spec).print(result, (doc, table) -> table.details(doc,
        Column.text("Valid", "valid"), Column.text("Pipeline", "name"), Column.text("Digest", "digest")));
    return Trainyard.OK;
  }

  @Command(
      name = "list",
      description = "List the registered pipelines with their latest version.",
      footer = {"", "Example:", "  trainyard pipelines list -o yaml"})
  int list(@Mixin RemoteOptions remote) {
    remote.output(spec).print(remote.client().get("/v1/pipelines"), (doc, table) -> table.rows(doc.path("items"),
        Column.text("Name", "name"),
        Column.text("Latest", "latestVersion"),
        Column.text("Versions", "versions"),
        Column.time("Updated", "updatedAt"),
        Column.text("Description", "description")));
    return Trainyard.OK;
  }

  @Command(
      name = "get",
      description = {"Show a pipeline and its versions, or with --version one version with its spec as registered."},
      footer = {"", "Examples:", "  trainyard pipelines get breast-cancer", "  trainyard pipelines get breast-cancer --version 2 -o json"})
  int get(
      @Parameters(paramLabel = "NAME", description = "The pipeline's name.") String name,
      @Option(names = "--version", paramLabel = "N", description = "A version number, or latest.") String version,
      @Mixin RemoteOptions remote) {
    Output output = remote.output(spec);
    String path = "/v1/pipelines/" + Query.segment(name);
    if (version != null) {
      output.print(remote.client().get(path + "/versions/" + Query.segment(version)), (doc, table) -> {
        VERSION.render(doc, table);
        table.heading("Source").text(doc.path("source").asText(""));
      });
      return Trainyard.OK;
    }
    output.print(remote.client().get(path), (doc, table) -> table
        .details(doc,
            Column.text("Pipeline", "name"),
            Column.text("Description", "description"),
            Column.text("Latest", "latestVersion"),
            Column.time("Updated", "updatedAt"))
        .heading("Versions")
        .rows(doc.path("versions"),
            Column.text("Version", "version"),
            Column.digest("Digest", "digest"),
            Column.time("Created", "createdAt"),
            Column.text("Created by", "createdBy")));
    return Trainyard.OK;
  }

  /** The file's text, with local input paths made absolute: the server cannot see the file's folder. */
  static String read(Path file) {
    try {
      Path folder = file.toAbsolutePath().getParent();
      return LocalInputs.absolutize(Files.readString(file), folder, file.getFileName().toString().endsWith(".json"));
    } catch (NoSuchFileException e) {
      throw CommandFailure.of(Trainyard.INVALID_INPUT, "cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw CommandFailure.of(Trainyard.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage());
    }
  }

  static String mediaType(Path file) {
    return file.getFileName().toString().endsWith(".json") ? "application/json" : "application/yaml";
  }
}
