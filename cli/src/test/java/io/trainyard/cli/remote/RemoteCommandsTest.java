package io.trainyard.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import io.trainyard.temporal.devserver.FreePorts;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client commands against a local stand-in of the API: requests sent, output printed, exit codes. */
class RemoteCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String RUN = """
      {"runId":"r1","workflowId":"run-breast-cancer-r1","pipeline":"breast-cancer","pipelineVersion":3,
       "pipelineDigest":"sha256:00ff","model":"bc-classifier","params":{"epochs":20},"startedBy":"ana",
       "trigger":{"kind":"schedule","scheduleId":"trainyard-breast-cancer","scheduledAt":"2026-11-26T01:00:00Z",
       "dataset":null,"datasetVersion":null,"digest":null},"state":"SUCCEEDED","stage":"DONE","message":null,"metrics":{"accuracy":0.96491228},"modelVersion":4,
       "alias":"production","startedAt":"2026-11-26T01:00:00Z","finishedAt":"2026-11-26T01:03:12Z","live":null}""";

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

  private Cli.Result trainyard(String... args) {
    return Cli.run(env, args);
  }

  @Test
  void costPrintsTotalsByTheGroupAskedForAndARunsCostByStage() {
    String figures = "{\"total\":%s,\"failed\":%s,\"preempted\":0.5,\"saved\":0.25,\"attempts\":3,\"runs\":%d}";
    api.json("GET", "/v1/costs", 200, "{\"currency\":\"EUR\",\"by\":\"team\",\"from\":\"2026-10\",\"to\":\"2026-12\","
        + "\"total\":" + figures.formatted("12.5", "2", 2) + ",\"totals\":[{\"key\":\"fraud\",\"cost\":"
        + figures.formatted("10", "2", 1) + "},{\"key\":null,\"cost\":" + figures.formatted("2.5", "0", 1) + "}]}");

    Cli.Result totals = trainyard("cost", "--by", "team", "--from", "2026-10", "--to", "2026-12");

    assertThat(totals.exitCode()).isZero();
    assertThat(api.only().query()).isEqualTo("by=team&from=2026-10&to=2026-12");
    assertThat(totals.out().lines()).contains(
        "Currency  EUR",
        "By team",
        "TEAM   TOTAL  FAILED  PREEMPTED  SAVED  ATTEMPTS  RUNS",
        "fraud  10     2       0.5        0.25   3         1",
        "-      2.5    0       0.5        0.25   3         1",
        "(all)  12.5   2       0.5        0.25   3         2");

    api.json("GET", "/v1/runs/r1/cost", 200, "{\"runId\":\"r1\",\"currency\":\"EUR\",\"budget\":3,\"cost\":"
        + figures.formatted("3.25", "1", 1) + ",\"stages\":{\"PREPARE\":" + figures.formatted("0.25", "0", 1)
        + ",\"TRAIN\":" + figures.formatted("3", "1", 1) + "}}");

    Cli.Result run = trainyard("cost", "--run", "r1");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines()).contains(
        "Budget    3",
        "STAGE    TOTAL  FAILED  PREEMPTED  SAVED  ATTEMPTS  RUNS",
        "prepare  0.25   0       0.5        0.25   3         1",
        "train    3      1       0.5        0.25   3         1",
        "(run)    3.25   1       0.5        0.25   3         1");
  }

  @Test
  void registerSendsTheFileAsYamlWithTokenAndRequestIdAndPrintsTheVersion() throws IOException {
    Path spec = Files.writeString(dir.resolve("pipeline.yaml"), "apiVersion: trainyard.io/v1\nkind: Pipeline\n");
    api.on("POST", "/v1/pipelines", request -> new FakeApi.Answer(201, "application/json",
        "{\"name\":\"breast-cancer\",\"version\":1,\"digest\":\"sha256:abc\",\"createdAt\":\"2026-11-26T01:00:00Z\","
            + "\"createdBy\":\"ana\",\"description\":\"demo\",\"spec\":{},\"source\":\"x\"}",
        Map.of("Location", "/v1/pipelines/breast-cancer/versions/1")));

    Cli.Result result = trainyard("pipelines", "register", spec.toString());

    assertThat(result.exitCode()).isZero();
    FakeApi.Request request = api.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/pipelines");
    assertThat(request.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(request.header("Accept")).isEqualTo("application/json");
    assertThat(request.header("Authorization")).isEqualTo("Bearer tok-1");
    assertThat(request.header("X-Request-Id")).startsWith("cli-");
    assertThat(request.header("User-Agent")).as("the API records the CLI's starts as cli").startsWith("trainyard-cli/");
    assertThat(request.body()).isEqualTo("apiVersion: trainyard.io/v1\nkind: Pipeline\n");
    assertThat(result.err()).contains("registered breast-cancer version 1");
    assertThat(result.out()).contains("Pipeline     breast-cancer").contains("Version      1").contains("Created by   ana");
  }

  @Test
  void registeringAnExistingDigestSaysNothingWasAddedAndJsonFilesGoAsJson() throws IOException {
    Path spec = Files.writeString(dir.resolve("pipeline.json"), "{\"kind\":\"Pipeline\"}");
    api.json("POST", "/v1/pipelines", 200, "{\"name\":\"breast-cancer\",\"version\":2}");

    Cli.Result result = trainyard("pipelines", "register", spec.toString(), "-o", "json");

    assertThat(result.exitCode()).isZero();
    assertThat(api.only().header("Content-Type")).isEqualTo("application/json");
    assertThat(result.err()).contains("the spec equals breast-cancer version 2; nothing was added");
    assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree("{\"name\":\"breast-cancer\",\"version\":2}"));
  }

  @Test
  void anInvalidSpecPrintsTitleDetailEveryFieldAndTheRequestIdAndExits2() throws IOException {
    Path spec = Files.writeString(dir.resolve("bad.yaml"), "kind: Pipeline\n");
    api.problem("POST", "/v1/pipelines:validate", 422, "Invalid input", "the pipeline spec has 2 errors; nothing was stored",
        "train[0].hardware", "line 14: unknown hardware class 'tpu-v9' (known: cpu, gpu)",
        "metadata.name", "line 3: expected a DNS-style name");

    Cli.Result result = trainyard("pipelines", "validate", spec.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).containsExactly(
        "trainyard: Invalid input: the pipeline spec has 2 errors; nothing was stored",
        "  train[0].hardware: line 14: unknown hardware class 'tpu-v9' (known: cpu, gpu)",
        "  metadata.name: line 3: expected a DNS-style name",
        "  request id: req-422");
  }

  @ParameterizedTest(name = "HTTP {0} -> exit {1}")
  @CsvSource({"400,2", "422,2", "401,4", "403,4", "404,5", "409,6", "500,3", "503,3"})
  void everyErrorStatusHasItsExitCode(int status, int exitCode) {
    api.problem("GET", "/v1/runs/r1", status, "Title " + status, "detail " + status);

    Cli.Result result = trainyard("runs", "get", "r1");

    assertThat(result.exitCode()).isEqualTo(exitCode);
    assertThat(result.err()).startsWith("trainyard: Title " + status + ": detail " + status + "\n")
        .contains("  request id: req-" + status);
  }

  @Test
  void anUnavailableServerSaysWhenToRetry() {
    api.on("POST", "/v1/runs/r1/cancel", request -> new FakeApi.Answer(503, "application/problem+json",
        FakeApi.problem(503, "Unavailable", "Temporal does not answer; nothing was changed"), Map.of("Retry-After", "5")));

    Cli.Result result = trainyard("runs", "cancel", "r1", "--reason", "stop");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).contains("  retry after: 5s");
    assertThat(api.only().body()).isEqualTo("{\"reason\":\"stop\"}");
  }

  @Test
  void anErrorWithoutAProblemBodyShowsTheStatusAndTheServersRequestId() {
    api.on("GET", "/v1/models", request -> new FakeApi.Answer(502, "text/html", "<html>Bad gateway</html>", Map.of()));

    Cli.Result result = trainyard("models", "list");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err().lines()).containsExactly("trainyard: HTTP 502: <html>Bad gateway</html>", "  request id: srv-1");
  }

  @Test
  void aMissingTokenIsNamedOn401() {
    env.remove("TRAINYARD_TOKEN");
    api.problem("GET", "/v1/pipelines", 401, "Unauthorized", "a bearer token is required");

    Cli.Result result = trainyard("pipelines", "list");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(api.only().header("Authorization")).isNull();
    assertThat(result.err()).contains("no token was given: pass --token, set TRAINYARD_TOKEN or put token: in " + dir.resolve("no-config"));
  }

  @Test
  void anUnreachableServerExits3() throws IOException {
    int closed = FreePorts.next();

    Cli.Result result = trainyard("runs", "list", "--server", "http://127.0.0.1:" + closed);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).startsWith("trainyard: cannot reach the Trainyard API at http://127.0.0.1:" + closed);
  }

  @Test
  void badFlagsMissingFilesAndBadServersExit2WithoutARequest() {
    assertThat(trainyard("runs", "list", "--limit", "many").exitCode()).isEqualTo(2);
    Cli.Result format = trainyard("runs", "list", "-o", "xml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("expected table, json or yaml, got 'xml'");
    Cli.Result missing = trainyard("pipelines", "register", dir.resolve("absent.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read " + dir.resolve("absent.yaml") + ": no such file");
    Cli.Result server = trainyard("runs", "list", "--server", "ftp://example.org");
    assertThat(server.exitCode()).isEqualTo(2);
    assertThat(server.err()).contains("server 'ftp://example.org' is not an http(s) URL");
    assertThat(trainyard("runs").exitCode()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void serverAndTokenComeFromTheFlagThenTheEnvironmentThenTheConfigFile() throws IOException {
    try (FakeApi fromEnv = new FakeApi(); FakeApi fromFile = new FakeApi()) {
      for (FakeApi each : List.of(api, fromEnv, fromFile)) {
        each.json("GET", "/v1/models", 200, "{\"items\":[]}");
      }
      Path config = Files.writeString(dir.resolve("config"), "server: " + fromFile.url() + "\ntoken: file-token\n");
      env = new HashMap<>(Map.of("TRAINYARD_CONFIG", config.toString()));

      assertThat(trainyard("models", "list").exitCode()).isZero();
      assertThat(fromFile.only().header("Authorization")).isEqualTo("Bearer file-token");

      env.putAll(Map.of("TRAINYARD_SERVER", fromEnv.url(), "TRAINYARD_TOKEN", "env-token"));
      assertThat(trainyard("models", "list").exitCode()).isZero();
      assertThat(fromEnv.only().header("Authorization")).isEqualTo("Bearer env-token");

      assertThat(trainyard("models", "list", "--server", api.url() + "/", "--token", "flag-token").exitCode()).isZero();
      assertThat(api.only().header("Authorization")).isEqualTo("Bearer flag-token");
      assertThat(fromFile.requests()).hasSize(1);
      assertThat(fromEnv.requests()).hasSize(1);
    }
  }

  @Test
  void aConfigFileThatIsNotAMappingExits2() throws IOException {
    env.put("TRAINYARD_CONFIG", Files.writeString(dir.resolve("config"), "- just\n- a list\n").toString());

    Cli.Result result = trainyard("models", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("is not a YAML mapping");
  }

  @Test
  void runsListPrintsAlignedColumnsWithLocalTimesOrTheDocumentAsIs() throws IOException {
    String page = "{\"items\":[" + RUN + ",{\"runId\":\"r2-longer-id\",\"pipeline\":\"iris\",\"pipelineVersion\":12,"
        + "\"model\":\"iris-model\",\"state\":\"WAITING_APPROVAL\",\"stage\":\"GATE\",\"startedBy\":\"bo\","
        + "\"trigger\":{\"kind\":\"api\"},\"startedAt\":\"2026-11-26T02:00:00Z\",\"finishedAt\":null}],\"nextCursor\":null}";
    api.json("GET", "/v1/runs", 200, page);

    Cli.Result table = trainyard("runs", "list");
    Cli.Result json = trainyard("runs", "list", "-o", "json");
    Cli.Result yaml = trainyard("runs", "list", "-o", "YAML");

    assertThat(table.exitCode()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("RUN           PIPELINE          MODEL          STATE             STAGE  STARTED");
    String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault())
        .format(Instant.parse("2026-11-26T01:00:00Z"));
    assertThat(lines.get(1)).contains("breast-cancer v3").contains("succeeded").contains(local).contains("3m12s").contains(" ana ")
        .endsWith("schedule");
    assertThat(lines.get(2)).contains("waiting_approval").contains("gate").contains(" bo ").endsWith("api");
    for (String header : List.of("PIPELINE", "STATE", "STARTED BY", "TRIGGER")) {
      int column = lines.get(0).indexOf(header);
      assertThat(lines.get(1).charAt(column - 1)).as(header).isEqualTo(' ');
      assertThat(lines.get(1).charAt(column)).as(header).isNotEqualTo(' ');
      assertThat(lines.get(2).charAt(column)).as(header).isNotEqualTo(' ');
    }
    assertThat(JSON.readTree(json.out())).isEqualTo(JSON.readTree(page));
    assertThat(json.out()).contains("0.96491228");
    assertThat(new YAMLMapper().readTree(yaml.out())).isEqualTo(JSON.readTree(page));
  }

  @Test
  void runsListSendsEveryFilterAndAllFollowsTheCursors() throws IOException {
    api.on("GET", "/v1/runs", request -> new FakeApi.Answer(200, "application/json",
        request.query().contains("cursor=c2")
            ? "{\"items\":[{\"runId\":\"r3\"}],\"nextCursor\":null}"
            : request.query().contains("cursor=c1")
                ? "{\"items\":[{\"runId\":\"r2\"}],\"nextCursor\":\"c2\"}"
                : "{\"items\":[{\"runId\":\"r1\"}],\"nextCursor\":\"c1\"}",
        Map.of()));

    Cli.Result one = trainyard("runs", "list", "--pipeline", "breast-cancer", "--model", "bc", "--state", "FAILED",
        "--stage", "TRAIN", "--started-by", "ana", "--trigger", "schedule", "--after", "2026-11-01T00:00:00Z", "--before", "2026-11-02T00:00:00+01:00",
        "--limit", "1");
    Cli.Result all = trainyard("runs", "list", "--limit", "1", "--all", "-o", "json");

    assertThat(api.requests().get(0).query()).isEqualTo("pipeline=breast-cancer&model=bc&state=FAILED&stage=TRAIN"
        + "&startedBy=ana&trigger=schedule&startedAfter=2026-11-01T00%3A00%3A00Z&startedBefore=2026-11-02T00%3A00%3A00%2B01%3A00&limit=1");
    assertThat(one.err()).contains("trainyard: more runs: add --all, or --cursor c1 for the next page");
    assertThat(all.err()).doesNotContain("more runs");
    assertThat(api.requests().subList(1, 4)).extracting(FakeApi.Request::query)
        .containsExactly("limit=1", "limit=1&cursor=c1", "limit=1&cursor=c2");
    assertThat(JSON.readTree(all.out())).isEqualTo(JSON.readTree(
        "{\"items\":[{\"runId\":\"r1\"},{\"runId\":\"r2\"},{\"runId\":\"r3\"}],\"nextCursor\":null}"));
  }

  @Test
  void runsGetShowsTheRunItsLiveStagesAndStepsAndWhereEachAttemptsTimeWent() {
    api.json("GET", "/v1/runs/r1/steps", 200, "{\"items\":["
        + "{\"step\":\"split\",\"attempt\":1,\"state\":\"SUCCEEDED\",\"hardware\":\"cpu\",\"queueMillis\":40,\"startupMillis\":2500,"
        + "\"runningMillis\":61000,\"engineMillis\":120,\"cost\":0.0061},"
        + "{\"step\":\"train\",\"attempt\":1,\"state\":\"FAILED\",\"hardware\":\"gpu-h100\",\"queueMillis\":1500,"
        + "\"startupMillis\":null,\"runningMillis\":null,\"engineMillis\":null,\"cost\":null}]}");
    api.json("GET", "/v1/runs/r1", 200, RUN.replace("\"live\":null", "\"live\":{\"stages\":["
        + "{\"stage\":\"PREPARE\",\"state\":\"SUCCEEDED\",\"attempts\":1,\"durationMillis\":1200},"
        + "{\"stage\":\"TRAIN\",\"state\":\"RUNNING\",\"attempts\":2,\"durationMillis\":0,\"detail\":\"on gpu\"}],"
        + "\"steps\":[{\"name\":\"split\",\"state\":\"SUCCEEDED\",\"attempts\":1,\"cached\":true,\"hardware\":\"cpu\"},"
        + "{\"name\":\"train\",\"state\":\"RUNNING\",\"attempts\":2,\"cached\":false,\"hardware\":\"gpu-a100\"}]}"));

    Cli.Result result = trainyard("runs", "get", "r1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Run            r1\n").contains("Pipeline       breast-cancer v3\n")
        .contains("Started by     ana\nTrigger        schedule trainyard-breast-cancer at 2026-11-26T01:00:00Z\n")
        .contains("Params         epochs=20\n").contains("Metrics        accuracy=0.9649\n")
        .contains("Stages\nSTAGE    STATE      ATTEMPTS  DURATION  DETAIL\nprepare  succeeded  1         1s        -\n"
            + "train    running    2         0s        on gpu\n")
        .contains("Steps\nSTEP   STATE      ATTEMPTS  HARDWARE  CACHED\nsplit  succeeded  1         cpu       true\n"
            + "train  running    2         gpu-a100  false\n")
        .contains("Attempts\nSTEP   ATTEMPT  STATE      HARDWARE  QUEUE  START-UP  RUN   ENGINE  COST\n"
            + "split  1        succeeded  cpu       40ms   2.5s      1m1s  120ms   0.0061\n"
            + "train  1        failed     gpu-h100  1.5s   -         -     -       -\n");
  }

  @Test
  void runsStartSendsTypedParamsAndTheIdempotencyKey() throws IOException {
    api.json("POST", "/v1/runs", 201, RUN);

    Cli.Result result = trainyard("runs", "start", "breast-cancer", "--version", "3", "--param", "epochs=30",
        "--param", "learning_rate=0.5", "--param", "serving_scaling=standard", "--param", "tag=\"42\"",
        "--param", "shuffle=true", "--idempotency-key", "nightly-1", "-o", "yaml");

    assertThat(result.exitCode()).isZero();
    FakeApi.Request request = api.only();
    assertThat(request.header("Idempotency-Key")).isEqualTo("nightly-1");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("{\"pipeline\":\"breast-cancer\",\"version\":3,"
        + "\"params\":{\"epochs\":30,\"learning_rate\":0.5,\"serving_scaling\":\"standard\",\"tag\":\"42\",\"shuffle\":true}}"));
    assertThat(result.err()).contains("run r1 of breast-cancer v3 started");
    assertThat(new YAMLMapper().readTree(result.out()).path("runId").asText()).isEqualTo("r1");
  }

  @Test
  void runsStartWithoutAKeySendsAKeyOfItsOwnAndSendsItAgainAfterA503() {
    AtomicInteger tries = new AtomicInteger();
    api.on("POST", "/v1/runs", request -> tries.incrementAndGet() == 1
        ? new FakeApi.Answer(503, "application/problem+json",
            "{\"title\":\"Unavailable\",\"status\":503,\"detail\":\"Temporal is unreachable\"}", Map.of("Retry-After", "0"))
        : new FakeApi.Answer(200, "application/json", RUN, Map.of()));

    Cli.Result result = trainyard("runs", "start", "breast-cancer");

    assertThat(result.exitCode()).isZero();
    List<FakeApi.Request> requests = api.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).header("Idempotency-Key")).matches("cli-[0-9a-f-]{36}")
        .isEqualTo(requests.get(1).header("Idempotency-Key"));
    assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
    assertThat(result.err()).as("its own earlier try started it").contains("run r1 of breast-cancer v3 started");
  }

  @Test
  void aStartStill503AfterItsRetriesExits3() {
    api.on("POST", "/v1/runs", request -> new FakeApi.Answer(503, "application/problem+json",
        "{\"title\":\"Unavailable\",\"status\":503,\"detail\":\"Temporal is unreachable\"}", Map.of("Retry-After", "0")));

    Cli.Result result = trainyard("runs", "start", "breast-cancer", "--idempotency-key", "k9");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(api.requests()).hasSize(ApiClient.REPEATABLE_ATTEMPTS)
        .allSatisfy(r -> assertThat(r.header("Idempotency-Key")).isEqualTo("k9"));
    assertThat(result.err()).contains("Temporal is unreachable").contains("retry after: 0s");
  }

  @Test
  void aRetriedIdempotencyKeySaysTheRunWasNotStartedAgain() {
    api.json("POST", "/v1/runs", 200, RUN);

    Cli.Result result = trainyard("runs", "start", "breast-cancer", "--idempotency-key", "k1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).contains("the idempotency key k1 already started run r1; not started again");
    assertThat(api.only().body()).isEqualTo("{\"pipeline\":\"breast-cancer\",\"params\":{}}");
  }

  @Test
  void aFileRunRegistersItsDocumentThenStartsThatVersionWithTypedParamsUnderAKeyOfItsOwn() throws IOException {
    Path spec = Files.writeString(dir.resolve("pipeline.yaml"), "apiVersion: trainyard.io/v1\nkind: Pipeline\n");
    api.json("POST", "/v1/pipelines", 200, "{\"name\":\"breast-cancer\",\"version\":3}");
    AtomicInteger tries = new AtomicInteger();
    api.on("POST", "/v1/runs", request -> tries.incrementAndGet() == 1
        ? new FakeApi.Answer(503, "application/problem+json", FakeApi.problem(503, "Unavailable", "Temporal is unreachable"),
            Map.of("Retry-After", "0"))
        : new FakeApi.Answer(201, "application/json", RUN, Map.of()));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("epochs", 30L);
    params.put("learning_rate", 0.5);
    params.put("tag", "42");
    params.put("shuffle", true);

    RunStart.Started started = new RunStart(URI.create(api.url()), "tok-1").start(spec, params);

    assertThat(started).isEqualTo(new RunStart.Started("r1", "breast-cancer", "run-breast-cancer-r1"));
    List<FakeApi.Request> requests = api.requests();
    assertThat(requests).extracting(FakeApi.Request::path).containsExactly("/v1/pipelines", "/v1/runs", "/v1/runs");
    assertThat(requests.get(0).header("Content-Type")).isEqualTo("application/yaml");
    assertThat(requests.get(0).body()).isEqualTo("apiVersion: trainyard.io/v1\nkind: Pipeline\n");
    assertThat(requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer tok-1"));
    assertThat(JSON.readTree(requests.get(1).body())).isEqualTo(JSON.readTree("{\"pipeline\":\"breast-cancer\",\"version\":3,"
        + "\"params\":{\"epochs\":30,\"learning_rate\":0.5,\"tag\":\"42\",\"shuffle\":true}}"));
    assertThat(requests.get(1).header("Idempotency-Key")).matches("cli-[0-9a-f-]{36}")
        .isEqualTo(requests.get(2).header("Idempotency-Key"));
  }

  @Test
  void aFileRunRefusedByTheApiFailsWithTheProblemAndItsExitCodeAndStartsNothing() throws IOException {
    Path spec = Files.writeString(dir.resolve("pipeline.yaml"), "kind: Pipeline\n");
    api.problem("POST", "/v1/pipelines", 422, "Invalid input", "the pipeline spec has 1 error; nothing was stored",
        "prepare[0].inputs.data", "'/srv/x.csv' is outside the allowed input roots");

    CommandFailure failure = catchThrowableOfType(CommandFailure.class,
        () -> new RunStart(URI.create(api.url()), "tok-1").start(spec, Map.of()));

    assertThat(failure.exitCode()).isEqualTo(2);
    assertThat(failure.getMessage())
        .contains("trainyard: Invalid input: the pipeline spec has 1 error; nothing was stored")
        .contains("  prepare[0].inputs.data: '/srv/x.csv' is outside the allowed input roots")
        .contains("  request id: req-422");
    assertThat(api.only().path()).isEqualTo("/v1/pipelines");
  }

  @Test
  void watchPrintsEachStageChangeOverServerSentEventsAndExits0WhenTheRunSucceeded() {
    api.events("/v1/runs/r1/events",
        "status", status("TRAIN", "RUNNING", stage("PREPARE", "SUCCEEDED", 1200), stage("TRAIN", "RUNNING", 0)),
        "status", status("TRAIN", "RUNNING", stage("PREPARE", "SUCCEEDED", 1200), stage("TRAIN", "RUNNING", 0)),
        "status", status("GATE", "WAITING_APPROVAL", stage("PREPARE", "SUCCEEDED", 1200), stage("TRAIN", "SUCCEEDED", 3400),
            stage("GATE", "RUNNING", 0)).replace("\"pendingApproval\":null",
            "\"pendingApproval\":{\"required\":1,\"role\":\"approver\",\"fourEyes\":true}"),
        "end", RUN);

    Cli.Result result = trainyard("runs", "watch", "r1");

    assertThat(result.exitCode()).isZero();
    assertThat(api.only().header("Accept")).isEqualTo("text/event-stream");
    assertThat(result.err().lines().toList()).containsSubsequence(
        "  prepare   succeeded  1.2s",
        "  train     running",
        "  train     succeeded  3.4s",
        "  gate      running",
        "  gate      waiting for 1 approval(s) from role 'approver'");
    assertThat(result.err().lines().filter(line -> line.startsWith("  train     running"))).hasSize(1);
    assertThat(result.out()).contains("State          succeeded");
  }

  @Test
  void watchExits0WhenTheCanaryRolledTheRunBackAnd1WhenItFailed() {
    api.events("/v1/runs/r1/events", "end", RUN.replace("SUCCEEDED", "ROLLED_BACK"));
    api.events("/v1/runs/r2/events", "end", RUN.replace("SUCCEEDED", "FAILED"));
    api.events("/v1/runs/r3/events", "end", RUN.replace("SUCCEEDED", "REJECTED"));

    assertThat(trainyard("runs", "watch", "r1").exitCode()).isZero();
    Cli.Result failed = trainyard("runs", "watch", "r2", "-o", "json");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out()).contains("\"state\" : \"FAILED\"");
    assertThat(trainyard("runs", "watch", "r3").exitCode()).isEqualTo(1);
  }

  @Test
  void reproduceFollowsTheReproductionAndExits0WhenEveryStepsOutputsAreEqual() {
    api.json("POST", "/v1/runs/r1/reproduce", 201, RUN.replace("\"r1\"", "\"r9\""));
    api.events("/v1/runs/r9/events", "end", RUN.replace("\"r1\"", "\"r9\""));
    api.json("GET", "/v1/runs/r9/reproduction", 200, reproduction("equal", "sha256:" + "ab".repeat(32), null));

    Cli.Result result = trainyard("runs", "reproduce", "r1", "--idempotency-key", "again-1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).endsWith("reproduced: every step's outputs equal\n").contains("train  model   sha256:abababababab");
    assertThat(result.err()).contains("trainyard: run r9 reproduces run r1");
    assertThat(api.requests()).extracting(FakeApi.Request::path)
        .containsExactly("/v1/runs/r1/reproduce", "/v1/runs/r9/events", "/v1/runs/r9/reproduction");
    assertThat(api.requests().get(0).header("Idempotency-Key")).isEqualTo("again-1");
  }

  @Test
  void reproduceExits1NamingTheFirstDifferingStepOutputAndBothDigests() {
    String original = "sha256:" + "ab".repeat(32);
    String reproduced = "sha256:" + "cd".repeat(32);
    api.json("POST", "/v1/runs/r1/reproduce", 201, RUN.replace("\"r1\"", "\"r9\""));
    api.events("/v1/runs/r9/events", "end", RUN.replace("\"r1\"", "\"r9\""));
    api.json("GET", "/v1/runs/r9/reproduction", 200, reproduction("different", reproduced,
        "{\"step\":\"train\",\"output\":\"model\",\"original\":\"" + original + "\",\"reproduced\":\"" + reproduced
            + "\",\"equal\":false}"));

    Cli.Result table = trainyard("runs", "reproduce", "r1");
    Cli.Result json = trainyard("runs", "reproduce", "r1", "-o", "json");

    String verdict = "not reproduced: step 'train' output 'model' differs: " + original + " in run r1, " + reproduced + " in run r9";
    assertThat(table.exitCode()).isEqualTo(1);
    assertThat(table.out()).endsWith(verdict + "\n");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(json.out()).contains("\"outcome\" : \"different\"").doesNotContain("not reproduced");
    assertThat(json.err()).contains("trainyard: " + verdict);
  }

  @Test
  void reproduceExits1SayingHowAReproductionThatDidNotSucceedEnded() {
    String failed = RUN.replace("\"r1\"", "\"r9\"").replace("SUCCEEDED", "FAILED")
        .replace("\"message\":null", "\"message\":\"stage train failed: out of memory\"");
    api.json("POST", "/v1/runs/r1/reproduce", 201, failed);
    api.events("/v1/runs/r9/events", "end", failed);
    api.json("GET", "/v1/runs/r9/reproduction", 200, reproduction("failed", "sha256:" + "ab".repeat(32), null)
        .replace("\"state\":\"SUCCEEDED\"", "\"state\":\"FAILED\""));

    Cli.Result result = trainyard("runs", "reproduce", "r1");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).endsWith("not reproduced: run r9 ended failed: stage train failed: out of memory\n");
  }

  @Test
  void reproduceOfARunWhoseDataChangedExits2NamingTheInput() {
    api.problem("POST", "/v1/runs/r1/reproduce", 422, "Invalid input",
        "the data under 1 input of run r1 changed since it ran, so it cannot be reproduced; nothing was started",
        "inputs.prepare.points", "the bytes under file:///data/points.csv changed since run r1 read them");

    Cli.Result result = trainyard("runs", "reproduce", "r1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("inputs.prepare.points: the bytes under file:///data/points.csv changed");
    assertThat(api.requests()).extracting(FakeApi.Request::path).containsExactly("/v1/runs/r1/reproduce");
  }

  private static String reproduction(String outcome, String reproducedModel, String firstDifference) {
    String original = "sha256:" + "ab".repeat(32);
    return "{\"runId\":\"r9\",\"reproduces\":\"r1\",\"state\":\"SUCCEEDED\",\"outcome\":\"" + outcome + "\",\"outputs\":["
        + "{\"step\":\"split\",\"output\":\"train\",\"original\":\"" + original + "\",\"reproduced\":\"" + original
        + "\",\"equal\":true},{\"step\":\"train\",\"output\":\"model\",\"original\":\"" + original + "\",\"reproduced\":\""
        + reproducedModel + "\",\"equal\":" + original.equals(reproducedModel) + "}],\"firstDifference\":" + firstDifference + "}";
  }

  @Test
  void watchAsksForTheRunWhenTheStreamClosesBeforeItsEnd() {
    api.events("/v1/runs/r1/events", "status", status("TRAIN", "RUNNING", stage("TRAIN", "RUNNING", 0)));
    api.json("GET", "/v1/runs/r1", 200, RUN.replace("SUCCEEDED", "CANCELLED"));

    Cli.Result result = trainyard("runs", "watch", "r1");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(api.requests()).extracting(FakeApi.Request::path).containsExactly("/v1/runs/r1/events", "/v1/runs/r1");
  }

  @Test
  void watchOfAnUnknownRunExits5() {
    Cli.Result result = trainyard("runs", "watch", "nope");

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err()).contains("trainyard: Not found: no route /v1/runs/nope/events");
  }

  @Test
  void startWithWatchFollowsTheNewRun() {
    api.json("POST", "/v1/runs", 201, RUN);
    api.events("/v1/runs/r1/events", "status", status("PREPARE", "RUNNING", stage("PREPARE", "RUNNING", 0)),
        "end", RUN.replace("SUCCEEDED", "FAILED"));

    Cli.Result result = trainyard("runs", "start", "breast-cancer", "--watch");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(api.requests()).extracting(FakeApi.Request::path).containsExactly("/v1/runs", "/v1/runs/r1/events");
    assertThat(result.err()).contains("  prepare   running");
  }

  @Test
  void logsReadsTheLatestAttemptUnlessOneIsGiven() {
    api.json("GET", "/v1/runs/r1/steps", 200, "{\"items\":[{\"step\":\"split\",\"attempt\":1},"
        + "{\"step\":\"train\",\"attempt\":1},{\"step\":\"train\",\"attempt\":2}]}");
    api.on("GET", "/v1/runs/r1/steps/train/attempts/2/logs", request -> new FakeApi.Answer(200, "text/plain", "epoch 1\nepoch 2\n", Map.of()));
    api.on("GET", "/v1/runs/r1/steps/train/attempts/1/logs", request -> new FakeApi.Answer(200, "text/plain", "killed\n", Map.of()));

    Cli.Result latest = trainyard("runs", "logs", "r1", "train");
    Cli.Result first = trainyard("runs", "logs", "r1", "train", "--attempt", "1");
    Cli.Result none = trainyard("runs", "logs", "r1", "evaluate");

    assertThat(latest.out()).isEqualTo("epoch 1\nepoch 2\n");
    assertThat(first.out()).isEqualTo("killed\n");
    assertThat(api.requests().get(1).header("Accept")).startsWith("text/plain");
    assertThat(none.exitCode()).isEqualTo(5);
    assertThat(none.err()).contains("run r1 has no attempt of step 'evaluate' (steps with attempts: split, train)");
  }

  @Test
  void historyPrintsEveryEventOfTheRunsWorkflow() {
    api.json("GET", "/v1/runs/r1/history", 200, "{\"runId\":\"r1\",\"workflowId\":\"run-p-r1\",\"items\":["
        + "{\"eventId\":1,\"time\":\"2026-11-26T09:10:21.642Z\",\"type\":\"WorkflowExecutionStarted\",\"detail\":\"ModelRunWorkflow on trainyard-control\"},"
        + "{\"eventId\":5,\"time\":\"2026-11-26T09:10:21.700Z\",\"type\":\"ActivityTaskScheduled\",\"detail\":\"Execute on trainyard-steps-cpu\"},"
        + "{\"eventId\":6,\"time\":\"2026-11-26T09:10:21.702Z\",\"type\":\"ActivityTaskStarted\",\"detail\":\"of event 5, attempt 2\"}]}");
    api.problem("GET", "/v1/runs/gone/history", 404, "Not found", "Temporal has no history of run gone (workflow run-p-gone)");

    Cli.Result table = trainyard("runs", "history", "r1");
    Cli.Result gone = trainyard("runs", "history", "gone");

    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains("ID", "EVENT", "WorkflowExecutionStarted", "Execute on trainyard-steps-cpu", "of event 5, attempt 2");
    assertThat(table.out().lines().filter(l -> l.contains("ActivityTask")).count()).isEqualTo(2);
    assertThat(gone.exitCode()).isEqualTo(5);
    assertThat(gone.err()).contains("Temporal has no history of run gone");
  }

  @Test
  void approveAndRejectSendTheCommentAndFourEyesExits4() {
    api.json("POST", "/v1/runs/r1/approve", 200, "{\"approvals\":1,\"required\":2,\"approvedBy\":[\"bo\"],\"outcome\":\"waiting\"}");
    api.json("POST", "/v1/runs/r1/reject", 200, "{\"approvals\":0,\"required\":1,\"approvedBy\":[],\"outcome\":\"rejected\"}");
    api.problem("POST", "/v1/runs/r2/approve", 403, "Forbidden", "you started run r2: someone else must approve it (four-eyes)");

    Cli.Result approve = trainyard("approve", "r1", "--comment", "looks right");
    Cli.Result reject = trainyard("reject", "r1");
    Cli.Result own = trainyard("approve", "r2");

    assertThat(approve.exitCode()).isZero();
    assertThat(approve.out()).contains("Outcome      waiting").contains("Approvals    1 of 2").contains("Approved by  bo");
    assertThat(api.requests().get(0).body()).isEqualTo("{\"comment\":\"looks right\"}");
    assertThat(reject.out()).contains("Outcome      rejected");
    assertThat(api.requests().get(1).body()).isEqualTo("{}");
    assertThat(own.exitCode()).isEqualTo(4);
    assertThat(own.err()).contains("Forbidden: you started run r2");
  }

  @Test
  void modelAliasIsSetOrDeletedAndNeedsExactlyOneOfVersionOrDelete() {
    api.json("PUT", "/v1/models/bc/aliases/staging", 200, "{\"name\":\"bc\",\"alias\":\"staging\",\"version\":2}");
    api.on("DELETE", "/v1/models/bc/aliases/staging", request -> new FakeApi.Answer(204, "application/json", "", Map.of()));

    Cli.Result set = trainyard("models", "alias", "bc", "staging", "2", "--reason", "load test");
    Cli.Result delete = trainyard("models", "alias", "bc", "staging", "--delete");
    Cli.Result both = trainyard("models", "alias", "bc", "staging", "2", "--delete");
    Cli.Result neither = trainyard("models", "alias", "bc", "staging");

    assertThat(set.exitCode()).isZero();
    assertThat(api.requests().get(0).method()).isEqualTo("PUT");
    assertThat(api.requests().get(0).body()).isEqualTo("{\"version\":2,\"reason\":\"load test\"}");
    assertThat(delete.exitCode()).isZero();
    assertThat(api.requests().get(1).method()).isEqualTo("DELETE");
    assertThat(delete.out()).isEqualTo("alias staging of bc deleted\n");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give either VERSION or --delete, not both");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(api.requests()).hasSize(2);
  }

  @Test
  void modelsGetAndRollbackPrintTheirDocuments() {
    api.json("GET", "/v1/models/bc", 200, "{\"name\":\"bc\",\"aliases\":{\"production\":3,\"previous\":2},\"versions\":["
        + "{\"name\":\"bc\",\"version\":3,\"digest\":\"sha256:0123456789abcdef\",\"runId\":\"r1\",\"pipeline\":\"breast-cancer\","
        + "\"pipelineVersion\":1,\"pipelineDigest\":\"sha256:aa00\",\"seed\":42,\"codeVersion\":\"9f2c1e0\",\"metrics\":{\"auc\":0.99},"
        + "\"steps\":[{\"step\":\"split\",\"stage\":\"PREPARE\",\"attempt\":1,\"hardware\":\"cpu\",\"executor\":\"builtin\",\"cached\":false,"
        + "\"builtin\":\"tabular-split\",\"builtinVersion\":\"9f2c1e0\",\"image\":null,\"imageDigest\":null},"
        + "{\"step\":\"train\",\"stage\":\"TRAIN\",\"attempt\":2,\"hardware\":\"gpu-a100\",\"executor\":\"kubernetes\",\"cached\":true,"
        + "\"builtin\":null,\"builtinVersion\":null,\"image\":\"ghcr.io/acme/train:1\",\"imageDigest\":\"ghcr.io/acme/train@sha256:5e5e\"}],"
        + "\"createdAt\":\"2026-11-26T01:00:00Z\"}]}");
    api.json("POST", "/v1/models/bc/rollback", 202, "{\"mode\":\"restore\",\"runId\":\"rb1\",\"from\":3,\"to\":2}");
    api.problem("POST", "/v1/models/new/rollback", 409, "Wrong state", "no previous version of new to restore");

    Cli.Result get = trainyard("models", "get", "bc");
    Cli.Result rollback = trainyard("models", "rollback", "bc", "--reason", "complaints");
    Cli.Result nothing = trainyard("models", "rollback", "new");

    assertThat(get.out()).contains("Aliases  production=3 previous=2")
        .contains("3        sha256:0123456789ab  r1   breast-cancer v1  42    9f2c1e0  auc=0.99")
        .contains("3        split  cpu       builtin     builtin:tabular-split@9f2c1e0  -\n")
        .contains("3        train  gpu-a100  kubernetes  ghcr.io/acme/train:1 (cached)  ghcr.io/acme/train@sha256:5e5e\n");
    assertThat(rollback.out()).contains("Mode  restore").contains("From  3").contains("To    2");
    assertThat(api.requests().get(1).body()).isEqualTo("{\"reason\":\"complaints\"}");
    assertThat(nothing.exitCode()).isEqualTo(6);
  }

  @Test
  void auditSendsItsFilters() {
    api.json("GET", "/v1/audit", 200, "{\"items\":[{\"id\":7,\"actor\":\"ana\",\"roles\":[\"operator\"],\"action\":\"run.start\","
        + "\"target\":\"run/r1\",\"detail\":{\"pipeline\":\"breast-cancer\"},\"outcome\":\"ok\",\"requestId\":\"q1\","
        + "\"at\":\"2026-11-26T01:00:00Z\"}],\"nextCursor\":null}");

    Cli.Result result = trainyard("audit", "--actor", "ana", "--action", "run.start", "--target", "run/r1", "--limit", "5");

    assertThat(result.exitCode()).isZero();
    assertThat(api.only().query()).isEqualTo("actor=ana&action=run.start&target=run%2Fr1&limit=5");
    assertThat(result.out().lines().toList().get(1)).contains("ana").contains("run.start").contains("pipeline=breast-cancer");
  }

  private static String status(String stage, String state, String... stages) {
    return "{\"runId\":\"r1\",\"pipeline\":\"breast-cancer\",\"pipelineVersion\":\"3\",\"stage\":\"" + stage
        + "\",\"state\":\"" + state + "\",\"stages\":[" + String.join(",", stages)
        + "],\"steps\":[],\"metrics\":{},\"pendingApproval\":null}";
  }

  private static String stage(String stage, String state, long durationMillis) {
    return "{\"stage\":\"" + stage + "\",\"state\":\"" + state + "\",\"attempts\":1,\"startedAtMillis\":0,\"durationMillis\":"
        + durationMillis + ",\"detail\":null}";
  }
}
