package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.artifact.ArtifactStore;
import io.trainyard.cli.Trainyard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trainyard datasets}: push dataset versions (where the data is and its digest) and read them through the API. */
@Command(
    name = "datasets",
    mixinStandardHelpOptions = true,
    description = "Push versions of datasets (a URI and the sha256 of the data there) and list them on the Trainyard API.",
    footer = {"", "Examples:", "  trainyard datasets push wisconsin data/wisconsin.csv --meta rows=569",
        "  trainyard datasets versions wisconsin --all"})
public class DatasetsCommand {
  private static final Output.View VERSION = (doc, table) -> table.details(doc,
      Column.text("Dataset", "name"),
      Column.text("Version", "version"),
      Column.text("URI", "uri"),
      Column.text("Digest", "digest"),
      Column.pairs("Metadata", "metadata"),
      Column.time("Created", "createdAt"),
      Column.text("Created by", "createdBy"));

  @Spec CommandSpec spec;

  @Command(
      name = "push",
      description = {"Push a version of a dataset: the data at FILE, or at --uri with its --digest.",
          "With FILE (a file or a folder) the command computes its sha256 here, the way",
          "a run digests its inputs, and sends its absolute file: URI: a path on this",
          "machine, for a server that reads this machine's files (trainyard dev).",
          "A digest the dataset already has is that version again: nothing is added.",
          "Metadata values read as JSON scalars: 569 is a number, true a boolean,",
          "anything else text."},
      footer = {"", "Examples:", "  trainyard datasets push wisconsin data/wisconsin.csv --meta rows=569",
          "  trainyard datasets push wisconsin --uri s3://data/wisconsin.csv \\",
          "      --digest 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})
  int push(
      @Parameters(index = "0", paramLabel = "NAME", description = "The dataset's name.") String name,
      @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The data, a file or a folder on this machine.") Path file,
      @Option(names = "--uri", paramLabel = "URI", description = "Where the data is (s3://, gs://, https://, file:///...), instead of FILE.")
          String uri,
      @Option(names = "--digest", paramLabel = "SHA256", description = "The sha256 of the data at --uri: 64 hex digits, with or without sha256:.")
          String digest,
      @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata entry of the version (repeatable).")
          Map<String, String> meta,
      @Mixin RemoteOptions remote) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (file != null) {
      if (uri != null || digest != null) {
        throw usage("give either FILE or --uri with --digest, not both");
      }
      if (!Files.exists(file)) {
        throw CommandFailure.of(Trainyard.INVALID_INPUT, "cannot read " + file + ": no such file");
      }
      Path data = file.toAbsolutePath().normalize();
      body.put("uri", data.toUri().toString()).put("digest", ArtifactStore.digest(data));
    } else if (uri == null || digest == null) {
      throw usage("missing FILE, or --uri and --digest");
    } else {
      body.put("uri", uri).put("digest", digest);
    }
    ObjectNode metadata = body.putObject("metadata");
    (meta == null ? Map.<String, String>of() : meta).forEach((key, value) -> metadata.set(key, RunsCommand.parameter(value)));
    ApiClient.Answer answer = remote.client().post(versions(name), body, Map.of());
    JsonNode version = answer.body();
    Output output = remote.output(spec);
    output.note(answer.status() == 201
        ? "pushed " + name + " version " + version.path("version").asText()
        : "the digest is " + name + " version " + version.path("version").asText() + " already; nothing was added");
    output.print(version, (doc, table) -> {
      VERSION.render(doc, table);
      // what the push did for the pipelines subscribed to the dataset (triggers:)
      table.heading("Triggers").rows(doc.path("triggers"),
          Column.text("Pipeline", "pipeline"), Column.text("Outcome", "outcome"), Column.text("Detail", "detail"));
    });
    return Trainyard.OK;
  }

  @Command(
      name = "list",
      description = "List the datasets with their latest version.",
      footer = {"", "Example:", "  trainyard datasets list"})
  int list(@Mixin RemoteOptions remote) {
    remote.output(spec).print(remote.client().get("/v1/datasets"), (doc, table) -> table.rows(doc.path("items"),
        Column.text("Dataset", "name"),
        Column.text("Latest", "latestVersion"),
        Column.text("Versions", "versions"),
        Column.digest("Digest", "latestDigest"),
        Column.time("Updated", "updatedAt")));
    return Trainyard.OK;
  }

  @Command(
      name = "versions",
      description = "List a dataset's versions, newest first, one page (--limit) at a time; --all follows the pages to the end.",
      footer = {"", "Examples:", "  trainyard datasets versions wisconsin --limit 10", "  trainyard datasets versions wisconsin --all -o json"})
  int versions(
      @Parameters(paramLabel = "NAME", description = "The dataset's name.") String name,
      @Option(names = "--limit", paramLabel = "N", description = "Versions per page, 1 to 200 (default: the server's, 50).") Integer limit,
      @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start at this page (the nextCursor of the previous one).") String cursor,
      @Option(names = "--all", description = "Follow nextCursor to the last page and print every version.") boolean all,
      @Mixin RemoteOptions remote) {
    Output output = remote.output(spec);
    JsonNode page = remote.client().list(versions(name), new Query().add("limit", limit).add("cursor", cursor), all);
    output.print(page, (doc, table) -> table.rows(doc.path("items"),
        Column.text("Version", "version"),
        Column.digest("Digest", "digest"),
        Column.text("URI", "uri"),
        Column.time("Created", "createdAt"),
        Column.text("Created by", "createdBy"),
        Column.pairs("Metadata", "metadata")));
    output.morePages(page, "versions");
    return Trainyard.OK;
  }

  @Command(
      name = "get",
      description = "Show one version of a dataset: its URI, digest, metadata, who pushed it and when.",
      footer = {"", "Example:", "  trainyard datasets get wisconsin 3 -o yaml"})
  int get(
      @Parameters(index = "0", paramLabel = "NAME", description = "The dataset's name.") String name,
      @Parameters(index = "1", paramLabel = "VERSION", description = "The version number.") int version,
      @Mixin RemoteOptions remote) {
    remote.output(spec).print(remote.client().get(versions(name) + "/" + version), VERSION);
    return Trainyard.OK;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine().getSubcommands().get("push"), message);
  }

  private static String versions(String name) {
    return "/v1/datasets/" + Query.segment(name) + "/versions";
  }
}
