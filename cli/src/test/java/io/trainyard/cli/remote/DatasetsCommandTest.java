package io.trainyard.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainyard datasets} against a local stand-in of the API: the pushed body, the printed tables, usage errors. */
class DatasetsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "{\"name\":\"wisconsin\",\"version\":3,\"uri\":\"s3://data/wisconsin.csv\","
      + "\"digest\":\"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
      + "\"metadata\":{\"rows\":569,\"source\":\"uci\"},\"createdBy\":\"olivia\",\"createdAt\":\"2026-12-07T03:00:00Z\"}";

  @TempDir Path dir;
  private FakeApi api;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    api = new FakeApi();
    env = api.cliEnvironment(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void pushingAFileSendsItsAbsoluteFileUriItsSha256AndTheMetadata() throws Exception {
    Path data = Files.writeString(dir.resolve("wisconsin.csv"), "radius,texture\n17.99,10.38\n");
    api.on("POST", "/v1/datasets/wisconsin/versions", request -> new FakeApi.Answer(201, "application/json", VERSION,
        Map.of("Location", "/v1/datasets/wisconsin/versions/3")));

    Cli.Result result = Cli.run(env, "datasets", "push", "wisconsin", data.toString(),
        "--meta", "rows=569", "--meta", "source=uci", "--meta", "clean=true");

    assertThat(result.exitCode()).as(result.err()).isZero();
    FakeApi.Request request = api.only();
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("{\"uri\":\"" + data.toAbsolutePath().toUri()
        + "\",\"digest\":\"" + sha256(Files.readAllBytes(data)) + "\",\"metadata\":{\"rows\":569,\"source\":\"uci\",\"clean\":true}}"));
    assertThat(request.body()).contains("\"uri\":\"file:///");
    assertThat(result.err()).contains("pushed wisconsin version 3");
    assertThat(result.out()).contains("Dataset     wisconsin\n").contains("Version     3\n")
        .contains("Digest      sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n")
        .contains("Metadata    rows=569 source=uci\n").contains("Created by  olivia\n");
  }

  @Test
  void aPushPrintsWhatItDidForTheSubscribedPipelines() {
    api.json("POST", "/v1/datasets/wisconsin/versions", 201, VERSION.substring(0, VERSION.length() - 1)
        + ",\"triggers\":[{\"pipeline\":\"breast-cancer\",\"outcome\":\"queued\",\"detail\":\"one run starts soon\"},"
        + "{\"pipeline\":\"churn\",\"outcome\":\"skipped\",\"detail\":\"trained on it already\"}]}");

    Cli.Result result = Cli.run(env, "datasets", "push", "wisconsin", "--uri", "s3://data/wisconsin.csv",
        "--digest", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Triggers").containsPattern("breast-cancer +queued +one run starts soon")
        .containsPattern("churn +skipped +trained on it already");
  }

  @Test
  void pushingAUriWithItsDigestAndTheDigestAgainSaysNothingWasAdded() throws Exception {
    api.json("POST", "/v1/datasets/wisconsin/versions", 200, VERSION);

    Cli.Result result = Cli.run(env, "datasets", "push", "wisconsin", "--uri", "s3://data/wisconsin.csv",
        "--digest", "sha256:9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", "-o", "json");

    assertThat(result.exitCode()).isZero();
    assertThat(JSON.readTree(api.only().body())).isEqualTo(JSON.readTree("{\"uri\":\"s3://data/wisconsin.csv\","
        + "\"digest\":\"sha256:9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\",\"metadata\":{}}"));
    assertThat(result.err()).contains("the digest is wisconsin version 3 already; nothing was added");
    assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(VERSION));
  }

  @Test
  void aFileAndAUriTogetherOrNeitherIsAUsageErrorAndSendsNothing() throws IOException {
    Path data = Files.writeString(dir.resolve("data.csv"), "x\n");

    Cli.Result both = Cli.run(env, "datasets", "push", "wisconsin", data.toString(), "--uri", "s3://data/x.csv");
    Cli.Result neither = Cli.run(env, "datasets", "push", "wisconsin", "--uri", "s3://data/x.csv");
    Cli.Result missing = Cli.run(env, "datasets", "push", "wisconsin", dir.resolve("absent.csv").toString());

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give either FILE or --uri with --digest, not both").contains("Usage: trainyard datasets push");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("missing FILE, or --uri and --digest");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read " + dir.resolve("absent.csv") + ": no such file");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void listPrintsEveryDatasetWithItsLatestVersion() {
    api.json("GET", "/v1/datasets", 200, "{\"items\":[{\"name\":\"wisconsin\",\"latestVersion\":3,\"versions\":3,"
        + "\"latestDigest\":\"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
        + "\"updatedAt\":\"2026-12-07T03:00:00Z\"},{\"name\":\"iris-extended\",\"latestVersion\":12,\"versions\":12,"
        + "\"latestDigest\":\"sha256:00ff\",\"updatedAt\":\"2026-12-06T03:00:00Z\"}]}");

    Cli.Result result = Cli.run(env, "datasets", "list");

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("DATASET        LATEST  VERSIONS  DIGEST               UPDATED");
    assertThat(lines.get(1)).startsWith("wisconsin      3       3         sha256:9f86d081884c  2026-");
    assertThat(lines.get(2)).startsWith("iris-extended  12      12        sha256:00ff          2026-");
  }

  @Test
  void versionsFollowTheCursorsWithAllAndGetShowsOneVersion() throws IOException {
    api.on("GET", "/v1/datasets/wisconsin/versions", request -> new FakeApi.Answer(200, "application/json",
        request.query().contains("cursor=c1")
            ? "{\"items\":[{\"version\":1}],\"nextCursor\":null}"
            : "{\"items\":[{\"version\":3},{\"version\":2}],\"nextCursor\":\"c1\"}",
        Map.of()));
    api.json("GET", "/v1/datasets/wisconsin/versions/3", 200, VERSION);

    Cli.Result one = Cli.run(env, "datasets", "versions", "wisconsin", "--limit", "2");
    Cli.Result all = Cli.run(env, "datasets", "versions", "wisconsin", "--limit", "2", "--all", "-o", "json");
    Cli.Result get = Cli.run(env, "datasets", "get", "wisconsin", "3");

    assertThat(one.out().lines().toList()).hasSize(3).first().asString().startsWith("VERSION  DIGEST  URI");
    assertThat(one.err()).contains("trainyard: more versions: add --all, or --cursor c1 for the next page");
    assertThat(api.requests()).extracting(FakeApi.Request::query).startsWith("limit=2", "limit=2", "limit=2&cursor=c1");
    assertThat(JSON.readTree(all.out()).get("items")).extracting(v -> v.get("version").asInt()).containsExactly(3, 2, 1);
    assertThat(get.exitCode()).isZero();
    assertThat(get.out()).contains("URI         s3://data/wisconsin.csv\n");
    assertThat(api.requests().get(3).path()).isEqualTo("/v1/datasets/wisconsin/versions/3");
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
