package io.trainyard.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.temporal.api.filter.v1.WorkflowExecutionFilter;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.security.Roles;
import io.trainyard.audit.AuditEventRepository;
import io.trainyard.cost.HourlyPrice;
import io.trainyard.pipeline.PipelineVersionRecord;
import io.trainyard.pipeline.PipelineVersions;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunRequestRepository;
import io.trainyard.run.RunSearchAttributes;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.PipelineParser;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.PipelineVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The pipelines and runs API over the whole stack (real Temporal test server over gRPC, worker,
 * registry): the same tests run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class PipelinesAndRunsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String PROBLEMS = "https://trainyard.io/problems/";

  private ApiTestStack stack;
  private String operator;

  /** The registry's database properties ({@code TestDatabases.h2()} or {@code postgres()}). */
  abstract Map<String, String> database();

  @BeforeAll
  void start() {
    stack = ApiTestStack.start(database());
    operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void registersYamlAndJsonAndAnswersTheSameVersionForTheSameDigest() throws Exception {
    String yaml = quick("reg");
    Answer first = send(yamlPost("/v1/pipelines", yaml));
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.location()).isEqualTo("/v1/pipelines/reg/versions/1");
    assertThat(first.json().get("version").asInt()).isEqualTo(1);
    assertThat(first.json().get("digest").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(first.json().get("createdBy").asText()).isEqualTo("olivia");
    assertThat(first.json().get("source").asText()).isEqualTo(yaml);
    assertThat(first.json().at("/spec/metadata/name").asText()).isEqualTo("reg");

    String sameAsJson = JSON.writeValueAsString(YAML.readTree(yaml));
    Answer again = send(HttpRequest.POST("/v1/pipelines", sameAsJson).contentType("application/json").bearerAuth(operator));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("version").asInt()).isEqualTo(1);
    assertThat(again.json().get("digest").asText()).isEqualTo(first.json().get("digest").asText());

    String otherJson = sameAsJson.replace("Shell steps that finish", "Other shell steps that finish");
    Answer second = send(HttpRequest.POST("/v1/pipelines", otherJson).contentType("application/json").bearerAuth(operator));
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json().get("version").asInt()).isEqualTo(2);
    assertThat(second.json().get("source").asText()).isEqualTo(otherJson);
    assertThat(send(yamlPost("/v1/pipelines", yaml).contentType("text/yaml")).json().get("version").asInt()).isEqualTo(1);

    JsonNode pipeline = send(get("/v1/pipelines/reg")).json();
    assertThat(pipeline.get("latestVersion").asInt()).isEqualTo(2);
    assertThat(pipeline.get("description").asText()).startsWith("Other shell steps");
    assertThat(pipeline.get("versions")).extracting(v -> v.get("version").asInt(), v -> v.get("createdBy").asText())
        .containsExactly(tuple(1, "olivia"), tuple(2, "olivia"));
    assertThat(send(get("/v1/pipelines/reg/versions/latest")).json().get("version").asInt()).isEqualTo(2);
    assertThat(send(get("/v1/pipelines/reg/versions/1")).json().get("source").asText()).isEqualTo(yaml);
    assertThat(send(get("/v1/pipelines")).json().get("items"))
        .filteredOn(p -> p.get("name").asText().equals("reg"))
        .singleElement()
        .satisfies(p -> assertThat(p.get("versions").asInt()).isEqualTo(2));
    assertThat(audit("pipeline.register", "pipeline/reg")).isEqualTo(4);
  }

  @Test
  void aSpecWithSeveralMistakesIsRefusedWithEachField() {
    String broken = quick("Not_DNS")
        .replace("    outputs: [model]", "    outputs: [model]\n    hardware: tpu-v9\n    timeout: 10 minutes");

    for (String path : List.of("/v1/pipelines:validate", "/v1/pipelines")) {
      Answer refused = send(yamlPost(path, broken));
      assertProblem(refused, 422, "invalid-input");
      assertThat(refused.json().get("errors")).extracting(e -> e.get("field").asText())
          .contains("metadata.name", "train[0].hardware", "train[0].timeout");
      assertThat(refused.json().get("errors"))
          .filteredOn(e -> e.get("field").asText().equals("train[0].hardware"))
          .singleElement()
          .satisfies(e -> assertThat(e.get("message").asText()).contains("tpu-v9").contains("known: cpu, gpu").startsWith("line "));
    }
    assertThat(send(get("/v1/pipelines")).json().get("items")).noneMatch(p -> p.get("name").asText().contains("DNS"));

    Answer valid = send(yamlPost("/v1/pipelines:validate", quick("checked")));
    assertThat(valid.status()).isEqualTo(200);
    assertThat(valid.json().get("valid").asBoolean()).isTrue();
    assertThat(valid.json().get("name").asText()).isEqualTo("checked");
    assertProblem(send(get("/v1/pipelines/checked")), 404, "not-found");
  }

  @Test
  void everyWayToReachAFileOutsideTheInputRootsIsRefusedNamingTheInputAndSoIsAnUnknownBuiltin() throws Exception {
    Path home = stack.home().toRealPath();
    Files.writeString(home.resolve("jwt-secret"), "not-the-real-secret");
    Path data = Files.createDirectories(home.resolve("data"));
    Path link = data.resolve("key");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, home.resolve("jwt-secret"));
    String refused = quick("confined")
        .replace("      data: ${steps.prepare.outputs.data}\n", "      data: ${steps.prepare.outputs.data}\n"
            + "      absolute: /etc/passwd\n"
            + "      dotdot: ../../etc/passwd\n"
            + "      uri: " + home.resolve("jwt-secret").toUri() + "\n"
            + "      encoded: " + data.toUri() + "%2e%2e/jwt-secret\n"
            + "      symlink: " + link.toUri() + "\n")
        .replaceAll("(?m)^(  - name: evaluate\n)    run: .*$", "$1    run: builtin:tribuo-trian");

    for (String path : List.of("/v1/pipelines:validate", "/v1/pipelines")) {
      Answer answer = send(yamlPost(path, refused));
      assertProblem(answer, 422, "invalid-input");
      Map<String, String> errors = StreamSupport.stream(answer.json().get("errors").spliterator(), false)
          .collect(Collectors.toMap(e -> e.get("field").asText(), e -> e.get("message").asText()));
      assertThat(errors).containsOnlyKeys("train[0].inputs.absolute", "train[0].inputs.dotdot", "train[0].inputs.uri",
          "train[0].inputs.encoded", "train[0].inputs.symlink", "evaluate[0].run");
      assertThat(errors.get("train[0].inputs.absolute")).contains("'/etc/passwd' is outside the allowed input roots");
      assertThat(errors.get("train[0].inputs.dotdot")).contains("relative to a file the server cannot see");
      assertThat(errors.get("train[0].inputs.uri")).contains("inside Trainyard's home");
      assertThat(errors.get("train[0].inputs.encoded")).contains("climbs with '..'");
      assertThat(errors.get("train[0].inputs.symlink")).contains("resolves to " + home.resolve("jwt-secret"));
      assertThat(errors.get("evaluate[0].run"))
          .contains("unknown builtin 'tribuo-trian' (known: tabular-split, tribuo-evaluate, tribuo-train)");
      assertThat(answer.body()).doesNotContain("not-the-real-secret");
    }
    assertProblem(send(get("/v1/pipelines/confined")), 404, "not-found");
  }

  @Test
  void aSpecStoredPastTheValidationIsRefusedByTheStepBeforeItReadsAnything() throws Exception {
    Path home = stack.home().toRealPath();
    Files.writeString(home.resolve("jwt-secret"), "not-the-real-secret");
    String name = "smuggled-" + Math.abs(database().hashCode() % 1000);
    String source = quick(name).replace("      data: ${steps.prepare.outputs.data}\n",
        "      data: ${steps.prepare.outputs.data}\n      key: " + home.resolve("jwt-secret").toUri() + "\n");
    // a registry row written without the API: a spec stored before the rule, or by hand
    PipelineSpec spec = new PipelineParser(Set.of("cpu"), Set.of(), InputRoots.of(Path.of("/nonexistent"), List.of("/")))
        .parse(source, "smuggled");
    stack.bean(PipelineVersions.class).store(new PipelineVersionRecord(
        null, name, PipelineVersion.of(spec), 0, SpecJson.write(spec), Instant.now(), "mallory", null, source));

    Answer started = send(startRequest(Map.of("pipeline", name), null));
    assertThat(started.status()).isEqualTo(201);
    String runId = started.json().get("runId").asText();
    JsonNode run = awaitEnd(runId);

    assertThat(run.get("state").asText()).isEqualTo("FAILED");
    JsonNode attempts = send(get("/v1/runs/" + runId + "/steps")).json().get("items");
    assertThat(attempts).filteredOn(a -> a.get("step").asText().equals("train"))
        .singleElement()
        .satisfies(a -> assertThat(a.get("error").asText())
            .contains("step 'train' input 'key': '" + home.resolve("jwt-secret").toUri() + "' is inside Trainyard's home"));
    assertThat(run.toString() + attempts).doesNotContain("not-the-real-secret");
    try (Stream<Path> stored = Files.walk(home.resolve("artifacts"))) {
      assertThat(stored.filter(Files::isRegularFile)).noneMatch(f -> f.getFileName().toString().equals("jwt-secret"));
    }
  }

  @Test
  void unknownPipelinesAndVersionsAreNotFound() {
    assertProblem(send(get("/v1/pipelines/no-such-pipeline")), 404, "not-found");
    assertProblem(send(get("/v1/pipelines/no-such-pipeline/versions/latest")), 404, "not-found");
    register("known");
    assertProblem(send(get("/v1/pipelines/known/versions/7")), 404, "not-found");
    Answer badVersion = send(get("/v1/pipelines/known/versions/seven"));
    assertProblem(badVersion, 422, "invalid-input");
    assertThat(badVersion.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("version");
    assertProblem(send(startRequest(Map.of("pipeline", "no-such-pipeline"), null)), 404, "not-found");
  }

  @Test
  void aRunOfQuickSucceedsAndShowsItsStepsAndLogs() {
    register("quick-run");
    Answer started = send(startRequest(Map.of("pipeline", "quick-run", "params", Map.of("threshold", 0.8)), null));
    assertThat(started.status()).isEqualTo(201);
    String runId = started.json().get("runId").asText();
    assertThat(started.location()).isEqualTo("/v1/runs/" + runId);
    assertThat(started.json().get("startedBy").asText()).isEqualTo("olivia");
    assertThat(started.json().get("pipelineVersion").asInt()).isEqualTo(1);
    assertThat(started.json().at("/params/threshold").asDouble()).isEqualTo(0.8);

    JsonNode run = awaitEnd(runId);
    assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.get("workflowId").asText()).isEqualTo("run-quick-run-" + runId);
    assertThat(run.get("modelVersion").asInt()).isPositive();
    assertThat(run.get("metrics").get("accuracy").asDouble()).isEqualTo(0.97);
    assertThat(run.get("live").isNull()).as("no live status once ended").isTrue();
    assertThat(run.has("ended")).isFalse();
    assertThat(run.get("pipelineDigest").asText()).isEqualTo(started.json().get("pipelineDigest").asText()).startsWith("sha256:");
    assertThat(started.json().get("live").isNull()).as("a start does not wait on the workflow's status").isTrue();
    assertThat(started.json().get("state").asText()).isEqualTo("RUNNING");
    Instant accepted = Instant.parse(started.json().get("startedAt").asText());
    assertThat(Instant.parse(run.get("startedAt").asText()))
        .as("the workflow starts after the API accepted its start (the start's answer)")
        .isBetween(accepted, accepted.plus(Duration.ofMinutes(1)));

    JsonNode steps = send(get("/v1/runs/" + runId + "/steps")).json().get("items");
    assertThat(steps).extracting(s -> s.get("step").asText()).contains("prepare", "train", "evaluate");
    assertThat(steps).allSatisfy(s -> assertThat(s.get("state").asText()).isEqualTo("SUCCEEDED"));
    // where each attempt's time went
    assertThat(steps).allSatisfy(s -> assertThat(List.of("queueMillis", "startupMillis", "runningMillis", "engineMillis"))
        .allSatisfy(field -> assertThat(s.get(field).isIntegralNumber()).as("%s of %s", field, s).isTrue()));
    Answer log = send(get("/v1/runs/" + runId + "/steps/train/attempts/1/logs"));
    assertThat(log.status()).as("%s %s", log.body(), steps).isEqualTo(200);
    assertThat(log.body()).contains("training");
    assertProblem(send(get("/v1/runs/" + runId + "/steps/train/attempts/9/logs")), 404, "not-found");
    assertProblem(send(get("/v1/runs/no-such-run")), 404, "not-found");

    // the registry records the run's end from the workflow's last activity, a moment before the
    // workflow's own last event
    JsonNode history = await().atMost(Duration.ofSeconds(30)).until(
        () -> send(get("/v1/runs/" + runId + "/history")).json(),
        h -> h.get("items").get(h.get("items").size() - 1).get("type").asText().equals("WorkflowExecutionCompleted"));
    assertThat(history.get("workflowId").asText()).isEqualTo("run-quick-run-" + runId);
    List<String> types = new ArrayList<>();
    history.get("items").forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).first().isEqualTo("WorkflowExecutionStarted");
    assertThat(types).last().isEqualTo("WorkflowExecutionCompleted");
    assertThat(types).contains("ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskCompleted");
    assertThat(history.get("items")).filteredOn(e -> e.get("type").asText().equals("ActivityTaskScheduled"))
        .extracting(e -> e.get("detail").asText())
        .anySatisfy(d -> assertThat(d).isEqualTo("Step.Execute step 'train' on trainyard-steps-cpu"));
    assertThat(history.get("items")).extracting(e -> e.get("eventId").asLong()).isSorted();
    assertProblem(send(get("/v1/runs/no-such-run/history")), 404, "not-found");

    Answer cancel = send(HttpRequest.POST("/v1/runs/" + runId + "/cancel", Map.of("reason", "too late")).bearerAuth(operator));
    assertProblem(cancel, 409, "wrong-state");
    assertThat(audit("run.start", "run/" + runId)).isEqualTo(1);
    assertThat(audit("run.cancel", "run/" + runId)).isEqualTo(1);
  }

  @Test
  void aReproductionRunsTheRecordedInputsAgainAndNamesTheFirstStepWhoseOutputDiffers() throws Exception {
    Path data = Files.createDirectories(stack.home().resolve("data")).resolve("points-" + UUID.randomUUID() + ".csv");
    Files.writeString(data, "x,y\n1,2\n3,4\n");
    String deterministic = reproducible("reproducible", data, "cp \\\"$TRAINYARD_INPUT_DATA\\\" \\\"$TRAINYARD_OUTPUT_DIR/model/weights\\\"");
    String original = endedAtTheGate(deterministic);
    assertProblem(send(get("/v1/runs/" + original + "/reproduction")), 404, "not-found");

    Answer started = send(HttpRequest.POST("/v1/runs/" + original + "/reproduce", "").bearerAuth(operator));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String reproduction = started.json().get("runId").asText();
    assertThat(started.json().at("/trigger/kind").asText()).isEqualTo("reproduce");
    assertThat(started.json().at("/trigger/reproduces").asText()).isEqualTo(original);
    JsonNode run = awaitEnd(reproduction);
    assertThat(run.get("state").asText()).as("no gate wait: %s", run).isEqualTo("SUCCEEDED");
    assertThat(run.get("message").asText()).startsWith("reproduction of run " + original);
    assertThat(run.get("modelVersion").isNull()).as("a reproduction registers no model version").isTrue();
    assertThat(run.get("params")).isEqualTo(send(get("/v1/runs/" + original)).json().get("params"));
    assertThat(send(get("/v1/runs/" + reproduction + "/steps")).json().get("items"))
        .as("the step cache is off: every step ran again")
        .allSatisfy(step -> assertThat(step.get("cached").asBoolean()).isFalse()).hasSize(3);
    JsonNode equal = send(get("/v1/runs/" + reproduction + "/reproduction")).json();
    assertThat(equal.get("outcome").asText()).isEqualTo("equal");
    assertThat(equal.get("reproduces").asText()).isEqualTo(original);
    assertThat(equal.get("firstDifference").isNull()).isTrue();
    assertThat(equal.get("outputs")).extracting(o -> o.get("step").asText() + "." + o.get("output").asText())
        .containsExactly("prepare.data", "train.model");
    assertThat(equal.get("outputs")).allSatisfy(o -> assertThat(o.get("reproduced").asText())
        .isEqualTo(o.get("original").asText()).startsWith("sha256:"));
    assertThat(send(get("/v1/runs?trigger=reproduce&pipeline=reproducible")).json().get("items"))
        .extracting(r -> r.get("runId").asText()).containsExactly(reproduction);
    Answer again = send(HttpRequest.POST("/v1/runs/" + original + "/reproduce", "").bearerAuth(operator)
        .header("Idempotency-Key", "reproduce-1"));
    assertThat(again.status()).isEqualTo(201);
    assertThat(send(HttpRequest.POST("/v1/runs/" + original + "/reproduce", "").bearerAuth(operator)
        .header("Idempotency-Key", "reproduce-1")).json().get("runId").asText())
        .as("a retry with the key answers the same reproduction").isEqualTo(again.json().get("runId").asText());
    // a start of the same pipeline version and parameters is another request than the reproduction
    assertProblem(send(startRequest(Map.of("pipeline", "reproducible", "version", 1), "reproduce-1")), 422, "idempotency-key-reused");
    awaitEnd(again.json().get("runId").asText());

    // a step that writes other bytes each time is named as the first difference, with both digests
    String random = reproducible("unreproducible", data, "head -c 32 /dev/urandom > \\\"$TRAINYARD_OUTPUT_DIR/model/weights\\\"");
    String noisy = endedAtTheGate(random);
    String noisyReproduction = send(HttpRequest.POST("/v1/runs/" + noisy + "/reproduce", "").bearerAuth(operator))
        .json().get("runId").asText();
    assertThat(awaitEnd(noisyReproduction).get("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode different = send(get("/v1/runs/" + noisyReproduction + "/reproduction")).json();
    assertThat(different.get("outcome").asText()).isEqualTo("different");
    JsonNode first = different.get("firstDifference");
    assertThat(first.get("step").asText() + "." + first.get("output").asText()).isEqualTo("train.model");
    assertThat(first.get("original").asText()).isEqualTo("sha256:" + outputDigest(noisy, "train", "model"));
    assertThat(first.get("reproduced").asText()).isEqualTo("sha256:" + outputDigest(noisyReproduction, "train", "model"))
        .isNotEqualTo(first.get("original").asText());

    // the data under the original's input changed: refused before anything starts, naming the input
    Files.writeString(data, "x,y\n1,2\n3,5\n");
    Answer refused = send(HttpRequest.POST("/v1/runs/" + original + "/reproduce", "").bearerAuth(operator));
    assertProblem(refused, 422, "invalid-input");
    assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("inputs.prepare.points");
    assertThat(refused.json().at("/errors/0/message").asText()).contains(data.toUri().toString()).contains("changed since run " + original);
    assertThat(send(get("/v1/runs?trigger=reproduce&pipeline=reproducible")).json().get("items")).hasSize(2);
    assertThat(stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, "olivia", "run.start", "pipeline/reproducible", Instant.EPOCH, Instant.now().plusSeconds(60), 100))
        .anySatisfy(row -> assertThat(row.outcome()).isEqualTo("refused"));
    assertProblem(send(HttpRequest.POST("/v1/runs/no-such-run/reproduce", "").bearerAuth(operator)), 404, "not-found");
  }

  /** A run of {@code pipeline} rejected at its gate: every step succeeded, nothing rolled out; its id. */
  private String endedAtTheGate(String pipeline) {
    assertThat(send(yamlPost("/v1/pipelines", pipeline)).status()).isIn(200, 201);
    String name = pipeline.substring(pipeline.indexOf("  name: ") + 8, pipeline.indexOf('\n', pipeline.indexOf("  name: ")));
    String runId = send(startRequest(Map.of("pipeline", name), null)).json().get("runId").asText();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> send(get("/v1/runs/" + runId)).json().get("state").asText(), state -> !state.equals("RUNNING"));
    assertThat(send(get("/v1/runs/" + runId)).json().get("state").asText()).isEqualTo("WAITING_APPROVAL");
    Answer rejected = send(HttpRequest.POST("/v1/runs/" + runId + "/reject", Map.of("comment", "kept for the record"))
        .bearerAuth(stack.token("ada", Roles.APPROVER, Roles.VIEWER)));
    assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
    assertThat(awaitEnd(runId).get("state").asText()).isEqualTo("REJECTED");
    return runId;
  }

  private String outputDigest(String runId, String step, String output) {
    JsonNode steps = send(get("/v1/runs/" + runId + "/steps")).json().get("items");
    return StreamSupport.stream(steps.spliterator(), false).filter(s -> s.get("step").asText().equals(step)).findFirst()
        .orElseThrow().at("/outputs/" + output + "/sha256").asText();
  }

  private static String reproducible(String name, Path data, String train) {
    return ApiTestStack.pipeline("reproducible")
        .replace("  name: reproducible\n", "  name: " + name + "\n")
        .replace("DATA_URI", data.toUri().toString())
        .replace("@TRAIN@", train);
  }

  @Test
  void aRunSaysWhatStartedItInItsAnswersAuditRowSearchAttributeAndModelLineage() {
    assertThat(send(yamlPost("/v1/pipelines", quick("triggered")
        .replace("  threshold: {type: number, default: 0.9}\n", "  threshold: {type: number, default: 0.9}\n  seed: {type: integer, default: 7}\n")))
        .status()).isIn(200, 201);
    Answer fromCli = send(startRequest(Map.of("pipeline", "triggered"), null).header("User-Agent", "trainyard-cli/1"));
    Answer fromApi = send(startRequest(Map.of("pipeline", "triggered"), null));
    assertThat(fromCli.status()).isEqualTo(201);
    String cliRun = fromCli.json().get("runId").asText();
    String apiRun = fromApi.json().get("runId").asText();
    assertThat(fromCli.json().get("trigger")).as("every field present, those of other kinds null").isEqualTo(JSON.createObjectNode()
        .put("kind", "cli").putNull("scheduleId").putNull("scheduledAt").putNull("dataset").putNull("datasetVersion").putNull("digest")
        .putNull("reproduces"));
    assertThat(fromApi.json().at("/trigger/kind").asText()).isEqualTo("api");
    assertThat(stack.bean(WorkflowClient.class).newUntypedWorkflowStub(fromCli.json().get("workflowId").asText()).describe()
        .getTypedSearchAttributes().get(RunSearchAttributes.TRIGGER)).isEqualTo("cli");
    assertThat(stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, "olivia", "run.start", "run/" + cliRun, Instant.EPOCH, Instant.now().plusSeconds(60), 10))
        .singleElement().satisfies(e -> assertThat(JSON.readTree(e.detailJson()).get("trigger"))
            .isEqualTo(JSON.createObjectNode().put("kind", "cli")));

    JsonNode run = awaitEnd(cliRun);
    awaitEnd(apiRun);
    assertThat(run.at("/trigger/kind").asText()).isEqualTo("cli");
    assertThat(send(get("/v1/runs?pipeline=triggered&trigger=cli")).json().get("items"))
        .singleElement().satisfies(r -> {
          assertThat(r.get("runId").asText()).isEqualTo(cliRun);
          assertThat(r.at("/trigger/kind").asText()).isEqualTo("cli");
        });
    assertThat(send(get("/v1/runs?pipeline=triggered&trigger=api")).json().get("items"))
        .extracting(r -> r.get("runId").asText()).containsExactly(apiRun);
    JsonNode version = send(get("/v1/models/" + run.get("model").asText() + "/versions/" + run.get("modelVersion").asInt())).json();
    assertThat(version.get("runId").asText()).isEqualTo(cliRun);
    assertThat(version.at("/trigger/kind").asText()).isEqualTo("cli");
    // the complete lineage: the pipeline version's digest, the seed, the code, and what ran each step
    // (local commands: the hardware class and executor; no builtin, no image; the step cache may
    // answer a step from the other run of the same pipeline, started at the same time)
    assertThat(version.get("pipelineDigest").asText()).isEqualTo(run.get("pipelineDigest").asText()).startsWith("sha256:");
    assertThat(version.get("pipelineVersion").asInt()).isEqualTo(run.get("pipelineVersion").asInt()).isPositive();
    assertThat(version.get("seed").asLong()).isEqualTo(7);
    assertThat(version.at("/params/seed").asLong()).isEqualTo(7);
    assertThat(version.get("codeVersion").asText()).isNotBlank();
    assertThat(version.get("dataDigests").get("prepare.data").asText()).hasSize(64);
    assertThat(version.get("steps")).extracting(s -> s.get("step").asText(), s -> s.get("stage").asText(), s -> s.get("attempt").asInt(),
            s -> s.get("hardware").asText(), s -> s.get("executor").asText())
        .containsExactly(
            tuple("prepare", "PREPARE", 1, "cpu", "local"),
            tuple("train", "TRAIN", 1, "cpu", "local"),
            tuple("evaluate", "EVALUATE", 1, "cpu", "local"));
    assertThat(version.get("steps")).allSatisfy(s -> {
      assertThat(s.has("image")).as("every field present").isTrue();
      assertThat(s.get("image").isNull()).isTrue();
      assertThat(s.get("imageDigest").isNull()).isTrue();
      assertThat(s.get("builtin").isNull()).isTrue();
    });
    assertThat(send(get("/v1/runs/" + cliRun + "/steps")).json().get("items")).hasSize(3).allSatisfy(a -> {
      assertThat(a.has("imageDigest")).as("every field present").isTrue();
      assertThat(a.get("builtin").isNull()).isTrue();
    });
  }

  @Test
  void aRunningRunIsCancelled() {
    String slow = quick("slow").replace("echo training slow;", "echo training slow; sleep 30;");
    assertThat(send(yamlPost("/v1/pipelines", slow)).status()).isEqualTo(201);
    String runId = send(startRequest(Map.of("pipeline", "slow"), null)).json().get("runId").asText();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
        StreamSupport.stream(send(get("/v1/runs/" + runId + "/steps")).json().get("items").spliterator(), false)
            .anyMatch(s -> s.get("step").asText().equals("train") && s.get("state").asText().equals("RUNNING")));
    JsonNode running = send(get("/v1/runs/" + runId)).json();
    assertThat(running.get("state").asText()).isEqualTo("RUNNING");
    assertThat(running.at("/live/stage").asText()).isEqualTo("TRAIN");

    Answer cancelled = send(HttpRequest.POST("/v1/runs/" + runId + "/cancel", Map.of("reason", "wrong data")).bearerAuth(operator));
    assertThat(cancelled.status()).isEqualTo(202);
    assertThat(cancelled.json().get("runId").asText()).isEqualTo(runId);
    assertThat(awaitEnd(runId).get("state").asText()).isEqualTo("CANCELLED");
    assertThat(audit("run.cancel", "run/" + runId)).isEqualTo(1);
  }

  @Test
  void listsRunsWithFiltersAndACursor() {
    register("listed");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(send(startRequest(Map.of("pipeline", "listed"), null)).json().get("runId").asText());
    }
    ids.forEach(this::awaitEnd);

    JsonNode first = send(get("/v1/runs?pipeline=listed&state=SUCCEEDED&startedBy=olivia&limit=2")).json();
    assertThat(first.get("items")).hasSize(2);
    String cursor = first.get("nextCursor").asText();
    JsonNode second = send(get("/v1/runs?pipeline=listed&state=SUCCEEDED&startedBy=olivia&limit=2&cursor=" + cursor)).json();
    assertThat(second.get("items")).hasSize(1);
    assertThat(second.has("nextCursor")).isTrue();
    assertThat(second.get("nextCursor").isNull()).isTrue();
    List<JsonNode> all = new ArrayList<>();
    first.get("items").forEach(all::add);
    second.get("items").forEach(all::add);
    assertThat(all).extracting(r -> r.get("runId").asText()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(all).extracting(r -> Instant.parse(r.get("startedAt").asText()))
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(all).allSatisfy(r -> assertThat(r.has("params")).isFalse());

    assertThat(send(get("/v1/runs?pipeline=listed&startedBy=nobody")).json().get("items")).isEmpty();
    // start times are the workflows' clock (the test server's may run ahead): filter around the runs' own
    Instant newest = Instant.parse(all.get(0).get("startedAt").asText());
    Instant oldest = Instant.parse(all.get(2).get("startedAt").asText());
    assertThat(send(get("/v1/runs?pipeline=listed&startedAfter=" + newest.plusMillis(1))).json().get("items")).isEmpty();
    assertThat(send(get("/v1/runs?pipeline=listed&startedBefore=" + oldest)).json().get("items")).isEmpty();
    assertThat(send(get("/v1/runs?pipeline=listed&model=quick-model&startedAfter=" + oldest + "&startedBefore=" + newest))
        .json().get("items")).extracting(r -> r.get("runId").asText()).hasSize(2).doesNotContain(all.get(0).get("runId").asText());
    assertThat(send(get("/v1/runs?pipeline=listed&model=other-model")).json().get("items")).isEmpty();

    Answer bad = send(get("/v1/runs?limit=0&state=BOGUS&cursor=zzz&trigger=cron"));
    assertProblem(bad, 422, "invalid-input");
    assertThat(bad.json().get("errors")).extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("limit", "state", "cursor", "trigger");
  }

  @Test
  void theEventStreamDeliversStatusThenEnd() throws Exception {
    register("streamed");
    String runId = send(startRequest(Map.of("pipeline", "streamed"), null)).json().get("runId").asText();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(stack.url() + "/v1/runs/" + runId + "/events"))
        .header("Authorization", "Bearer " + operator)
        .header("Accept", "text/event-stream")
        .build();
    java.net.http.HttpResponse<java.util.stream.Stream<String>> response =
        HttpClient.newHttpClient().send(request, BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> lines = response.body().toList();
    List<String> events = lines.stream().filter(l -> l.startsWith("event:")).map(l -> l.substring(6).trim()).toList();
    assertThat(events).first().isEqualTo("status");
    assertThat(events).last().isEqualTo("end");
    assertThat(events).filteredOn("end"::equals).hasSize(1);
    int end = lines.indexOf(lines.stream().filter(l -> l.startsWith("event:") && l.contains("end")).findFirst().orElseThrow());
    String endData = lines.stream().skip(end).filter(l -> l.startsWith("data:")).findFirst().orElseThrow().substring(5).trim();
    assertThat(JSON.readTree(endData).get("runId").asText()).isEqualTo(runId);
    assertThat(JSON.readTree(endData).get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void fiftyConcurrentStartsWithOneKeyStartOneRun() throws Exception {
    register("raced");
    int starts = 50;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(starts);
    List<Future<Answer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < starts; i++) {
        answers.add(threads.submit(() -> {
          go.await();
          return send(startRequest(Map.of("pipeline", "raced", "params", Map.of("threshold", 0.7)), "race-key-1"));
        }));
      }
      go.countDown();
      List<Answer> done = new ArrayList<>();
      for (Future<Answer> answer : answers) {
        done.add(answer.get());
      }
      assertThat(done).extracting(Answer::status).containsOnly(200, 201);
      assertThat(done).filteredOn(a -> a.status() == 201).hasSize(1);
      Set<String> runIds = done.stream().map(a -> a.json().get("runId").asText()).collect(Collectors.toSet());
      assertThat(runIds).hasSize(1);
      String runId = runIds.iterator().next();

      JsonNode run = awaitEnd(runId);
      assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(stack.bean(RunRequestRepository.class).countByStartedByAndIdempotencyKey("olivia", "race-key-1")).isEqualTo(1);
      assertThat(stack.bean(RunRepository.class).findByPipelineOrderByStartedAtDesc("raced", Pageable.from(0, 100)))
          .extracting(r -> r.runId()).containsExactly(runId);
      assertThat(executionsOf(run.get("workflowId").asText())).hasSize(1);
      assertThat(audit("run.start", "run/" + runId)).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefusedAndParamsAreChecked() {
    register("keyed");
    Answer first = send(startRequest(Map.of("pipeline", "keyed", "params", Map.of("threshold", 0.8)), "key-2"));
    assertThat(first.status()).isEqualTo(201);
    Answer retry = send(startRequest(Map.of("params", Map.of("threshold", 0.8), "pipeline", "keyed"), "key-2"));
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().get("runId").asText()).isEqualTo(first.json().get("runId").asText());

    Answer reused = send(startRequest(Map.of("pipeline", "keyed", "params", Map.of("threshold", 0.5)), "key-2"));
    assertProblem(reused, 422, "idempotency-key-reused");
    assertThat(reused.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("Idempotency-Key");

    Answer badParams = send(startRequest(Map.of("pipeline", "keyed", "params", Map.of("threshold", "high", "nope", 1)), null));
    assertProblem(badParams, 422, "invalid-input");
    assertThat(badParams.json().get("errors")).extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("params.threshold", "params.nope");
    Answer badKey = send(startRequest(Map.of("pipeline", "keyed"), "not a key!"));
    assertProblem(badKey, 422, "invalid-input");
    assertThat(badKey.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("Idempotency-Key");
    awaitEnd(first.json().get("runId").asText());
  }

  // --- helpers

  /**
   * quick.yaml under another pipeline name; its train step logs the name too, so it is never a
   * cache hit of another test's train step (a cached attempt runs nothing and logs nothing).
   */
  @Test
  void aRunIsPricedByStageAndARunThatCrossesItsBudgetStopsThere() {
    String team = "team-" + UUID.randomUUID().toString().substring(0, 8);
    String model = "budgeted-" + team;
    String pipeline = quick("budgeted")
        .replace("  description:", "  labels: {team: " + team + "}\n  description:")
        .replace("  name: quick-model\n", "  name: " + model + "\n")
        .replace("echo training budgeted;", "echo training budgeted; sleep 60;")
        .replace("    outputs: [model]\n", "    outputs: [model]\n    heartbeat: 3s\n")
        + "budget: {run: 0.05, monthly: 0.02}\n";
    assertThat(send(yamlPost("/v1/pipelines", pipeline)).status()).isIn(200, 201);
    Answer tooMuch = send(startRequest(Map.of("pipeline", "budgeted", "budget", 0.06), null));
    assertProblem(tooMuch, 422, "invalid-input");
    assertThat(tooMuch.json().at("/errors/0/field").asText()).isEqualTo("budget");
    assertThat(tooMuch.json().at("/errors/0/message").asText()).contains("may only lower the pipeline's run budget of 0.05");

    // the request lowers the run budget to 0.03: three seconds of train at 0.01 a second
    Answer started = send(startRequest(Map.of("pipeline", "budgeted", "budget", 0.03), null));
    assertThat(started.status()).isEqualTo(201);
    String runId = started.json().get("runId").asText();
    JsonNode run = awaitEnd(runId);

    assertThat(stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, "olivia", "run.start", "run/" + runId, Instant.EPOCH, Instant.now().plusSeconds(60), 1))
        .singleElement().satisfies(row -> assertThat(row.detailJson()).contains("\"budget\":\"0.03\""));
    assertThat(run.get("state").asText()).isEqualTo("BUDGET_EXCEEDED");
    assertThat(run.get("message").asText()).startsWith("stage train stopped: the run spent ").contains("of its budget 0.03");
    JsonNode steps = send(get("/v1/runs/" + runId + "/steps")).json().get("items");
    assertThat(steps).extracting(st -> st.get("step").asText(), st -> st.get("state").asText())
        .containsExactly(tuple("prepare", "SUCCEEDED"), tuple("train", "FAILED"));
    BigDecimal price = new BigDecimal(ApiTestStack.CPU_HOURLY_PRICE);
    assertThat(steps).allSatisfy(attempt -> {
      assertThat(attempt.get("hourlyPrice").decimalValue()).isEqualByComparingTo(price);
      assertThat(attempt.get("cost").decimalValue()).isEqualByComparingTo(HourlyPrice.of(price, attempt.get("runningMillis").asLong()));
    });
    // the run's cost: the sum over its attempts of running time x price
    BigDecimal summed = StreamSupport.stream(steps.spliterator(), false)
        .map(attempt -> attempt.get("cost").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
    JsonNode cost = send(get("/v1/runs/" + runId + "/cost")).json();
    assertThat(cost.get("currency").asText()).isEqualTo("USD");
    assertThat(cost.get("budget").decimalValue()).isEqualByComparingTo("0.03");
    assertThat(cost.at("/cost/total").decimalValue()).isEqualByComparingTo(summed).isGreaterThan(new BigDecimal("0.03"));
    assertThat(cost.at("/cost/failed").decimalValue()).isEqualByComparingTo(cost.at("/stages/TRAIN/total").decimalValue());
    assertThat(cost.get("stages").fieldNames()).toIterable().containsExactly("PREPARE", "TRAIN");

    JsonNode byTeam = send(get("/v1/costs?by=team&team=" + team)).json();
    assertThat(byTeam.get("totals")).singleElement().satisfies(t -> {
      assertThat(t.get("key").asText()).isEqualTo(team);
      assertThat(t.at("/cost/total").decimalValue()).isEqualByComparingTo(summed);
      assertThat(t.at("/cost/runs").asInt()).isEqualTo(1);
    });
    JsonNode byMonth = send(get("/v1/costs?by=month&model=" + model)).json();
    assertThat(byMonth.get("totals")).extracting(t -> t.get("key").asText()).containsExactly(YearMonth.now(ZoneOffset.UTC).toString());
    assertProblem(send(get("/v1/costs?by=colour")), 422, "invalid-input");

    // the model spent its monthly budget: the next run does not start
    Answer refused = send(startRequest(Map.of("pipeline", "budgeted"), null));
    assertProblem(refused, 409, "budget-exceeded");
    assertThat(refused.json().get("detail").asText())
        .contains("model '" + model + "' spent " + summed.stripTrailingZeros().toPlainString() + " USD")
        .contains("its monthly budget is 0.02 USD");
  }

  private static String quick(String name) {
    return ApiTestStack.pipeline("quick")
        .replace("  name: quick\n", "  name: " + name + "\n")
        .replace("echo training;", "echo training " + name + ";");
  }

  private void register(String name) {
    assertThat(send(yamlPost("/v1/pipelines", quick(name))).status()).isIn(200, 201);
  }

  private MutableHttpRequest<String> yamlPost(String path, String yaml) {
    return HttpRequest.POST(path, yaml).contentType("application/yaml").bearerAuth(operator);
  }

  private MutableHttpRequest<?> get(String path) {
    return HttpRequest.GET(path).bearerAuth(operator);
  }

  private MutableHttpRequest<?> startRequest(Map<String, Object> body, String key) {
    MutableHttpRequest<?> request = HttpRequest.POST("/v1/runs", body).bearerAuth(operator);
    return key == null ? request : request.header("Idempotency-Key", key);
  }

  private JsonNode awaitEnd(String runId) {
    List<JsonNode> last = new ArrayList<>(List.of(JSON.nullNode()));
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
      JsonNode run = send(get("/v1/runs/" + runId)).json();
      last.set(0, run);
      return !List.of("RUNNING", "WAITING_APPROVAL").contains(run.get("state").asText());
    });
    return last.get(0);
  }

  private long audit(String action, String target) {
    return stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, "olivia", action, target, Instant.EPOCH, Instant.now().plusSeconds(60), 100).size();
  }

  /** The distinct executions (Temporal run ids) the server lists, open or closed, under a workflow id. */
  private Set<String> executionsOf(String workflowId) {
    WorkflowClient client = stack.bean(WorkflowClient.class);
    var service = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    WorkflowExecutionFilter filter = WorkflowExecutionFilter.newBuilder().setWorkflowId(workflowId).build();
    Set<String> executions = new TreeSet<>();
    service.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setExecutionFilter(filter).build())
        .getExecutionsList().stream().map(e -> e.getExecution())
        .filter(e -> e.getWorkflowId().equals(workflowId)).forEach(e -> executions.add(e.getRunId()));
    service.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setExecutionFilter(filter).build())
        .getExecutionsList().stream().map(e -> e.getExecution())
        .filter(e -> e.getWorkflowId().equals(workflowId)).forEach(e -> executions.add(e.getRunId()));
    return executions;
  }

  private static void assertProblem(Answer answer, int status, String type) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.json().get("type").asText()).isEqualTo(PROBLEMS + type);
    assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    assertThat(answer.json().get("requestId").asText()).isNotBlank();
  }

  /** Any answer, error or not. */
  private Answer send(MutableHttpRequest<?> request) {
    HttpResponse<String> response;
    try {
      response = stack.http().exchange(request, String.class);
    } catch (HttpClientResponseException e) {
      response = (HttpResponse<String>) e.getResponse();
      return Answer.of(response, e.getResponse().getBody(String.class).orElse(""));
    }
    return Answer.of(response, response.getBody().orElse(""));
  }

  record Answer(int status, String contentType, String location, String body) {
    static Answer of(HttpResponse<?> response, String body) {
      return new Answer(response.getStatus().getCode(),
          response.getContentType().map(Object::toString).orElse(""),
          response.getHeaders().get("Location"), body);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }
}
