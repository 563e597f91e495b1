package io.trainyard.api.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.temporal.client.WorkflowClient;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.Scrape;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.security.KnownRolesOnly;
import io.trainyard.api.security.Roles;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.restore.ModelRestoreWorkflow;
import io.trainyard.restore.RestoreResult;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunTrigger;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.RunWorkflowOptions;
import io.trainyard.serving.TrafficRouter;
import io.trainyard.spec.ParameterValues;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.PipelineVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Approvals, models and audit over HTTP on the whole stack: runs started through the workflow
 * client stop at the gate of {@code approved.yaml} (one approver, four-eyes); the API decides,
 * moves custom aliases, rolls back and shows the audit trail. Subclasses pick the database. The
 * audit test runs last and reads the rows the other tests wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GovernanceApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  private ApiTestStack stack;
  private String olivia;
  private String oliviaApprover;
  private String arthur;
  private String oscar;
  private String viewer;
  private String admin;

  abstract Map<String, String> database();

  @BeforeAll
  void start() {
    Map<String, String> props = new HashMap<>(database());
    // the third test's policy names a role of its own: tokens may carry it once it is configured
    props.put(KnownRolesOnly.GATE_ROLES, "release-manager");
    stack = ApiTestStack.start(props);
    olivia = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
    oliviaApprover = stack.token("olivia", Roles.OPERATOR, Roles.APPROVER, Roles.VIEWER);
    arthur = stack.token("arthur", Roles.APPROVER, Roles.VIEWER);
    oscar = stack.token("oscar", Roles.OPERATOR, Roles.VIEWER);
    viewer = stack.token("vera", Roles.VIEWER);
    admin = stack.token("ada", Roles.ADMIN);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @Test
  @Order(1)
  void anApproverWhoDidNotStartTheRunApprovesItAndItReachesProduction() {
    String runId = start(ApiTestStack.pipeline("approved"), "olivia");

    Map<String, Object> waiting = awaitWaiting(runId);
    assertThat(waiting)
        .containsEntry("pipeline", "approved")
        .containsEntry("model", "approved-model")
        .containsEntry("startedBy", "olivia")
        .containsEntry("role", "approver")
        .containsEntry("required", 1)
        .containsEntry("approvals", 0)
        .containsEntry("approvedBy", List.of());
    assertThat(waiting.get("waitingSince")).asString().isNotBlank();
    assertThat(stack.bean(RunRepository.class).findById(runId))
        .hasValueSatisfying(run -> assertThat(run.state()).isEqualTo(RunState.WAITING_APPROVAL.name()));
    assertThat(map(waiting.get("metrics"))).containsEntry("accuracy", 0.97);
    // what an SRE alerts on, scraped anonymously while the run waits: the run, its stages, its
    // steps' queue and run times, the approval waiting, the SDK's own; bounded labels, no run id,
    // not even from a path that no route matches
    assertThat(call(get("/v1/no-such-route/" + runId, viewer)).status()).isEqualTo(404);
    Scrape waitingScrape = Scrape.until(stack, scrape -> {
      assertThat(scrape.value("trainyard_approvals_waiting")).isEqualTo(1);
      assertThat(scrape.value("trainyard_approvals_oldest_age_seconds")).isPositive();
      assertThat(scrape.samples("trainyard_runs_started_total", "model=\"approved-model\"", "pipeline=\"approved\"", "trigger=\"api\""))
          .isNotEmpty();
      assertThat(scrape.samples("trainyard_stage_duration_seconds_bucket", "stage=\"train\"", "outcome=\"succeeded\"")).isNotEmpty();
      assertThat(scrape.samples("trainyard_step_queue_seconds_bucket", "step=\"train\"", "hardware=\"cpu\"", "stage=\"train\"")).isNotEmpty();
      assertThat(scrape.samples("trainyard_step_run_seconds_count", "step=\"evaluate\"", "outcome=\"succeeded\"")).isNotEmpty();
      assertThat(scrape.samples("temporal_activity_schedule_to_start_latency_seconds_bucket", "task_queue=\"trainyard-steps-cpu\""))
          .isNotEmpty();
    });
    assertThat(waitingScrape.text()).doesNotContain(runId);

    Reply ownApproval = call(post("/v1/runs/" + runId + "/approve", Map.of("comment", "looks fine to me"), oliviaApprover));
    ownApproval.assertProblem(403, "forbidden", "/v1/runs/" + runId + "/approve");
    assertThat(ownApproval.detail()).contains("four-eyes", "olivia");

    Reply noRole = call(post("/v1/runs/" + runId + "/approve", Map.of(), viewer));
    assertThat(noRole.status()).isEqualTo(403);

    Reply approved = call(post("/v1/runs/" + runId + "/approve", Map.of("comment", "metrics are good"), arthur));
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json())
        .containsEntry("approvals", 1)
        .containsEntry("required", 1)
        .containsEntry("approvedBy", List.of("arthur"))
        .containsEntry("outcome", "approved");

    RunStatus end = awaitEnd(runId, "approved");
    assertThat(end.state()).isEqualTo(RunState.SUCCEEDED);
    Scrape endScrape = Scrape.until(stack, scrape -> {
      assertThat(scrape.samples("trainyard_runs_finished_total", "model=\"approved-model\"", "outcome=\"succeeded\"")).isNotEmpty();
      assertThat(scrape.samples("trainyard_rollouts_total", "model=\"approved-model\"", "strategy=\"direct\"", "outcome=\"promoted\""))
          .isNotEmpty();
      assertThat(scrape.value("trainyard_approvals_waiting")).isZero();
      assertThat(scrape.samples("http_server_requests_seconds_count", "uri=\"/v1/runs/{runId}/approve\"", "status=\"200\""))
          .isNotEmpty();
      assertThat(scrape.samples("http_server_requests_seconds_count", "uri=\"/v1/runs/{runId}/approve\"", "status=\"403\""))
          .isNotEmpty();
      assertThat(scrape.samples("http_server_requests_seconds_count", "uri=\"NOT_FOUND\"", "status=\"404\"")).isNotEmpty();
    });
    assertThat(endScrape.text()).doesNotContain(runId);
    Reply model = call(get("/v1/models/approved-model", viewer));
    assertThat(model.status()).isEqualTo(200);
    assertThat(map(model.json().get("aliases"))).containsEntry("production", end.model().version());
    List<Map<String, Object>> versions = list(model.json().get("versions"));
    assertThat(versions).singleElement().satisfies(v -> {
      assertThat(v).containsEntry("version", end.model().version()).containsEntry("runId", runId).containsEntry("pipeline", "approved");
      assertThat(map(v.get("metrics"))).containsEntry("accuracy", 0.97);
      assertThat(map(v.get("dataDigests"))).containsKey("prepare.data");
      assertThat(v.get("digest")).asString().startsWith("sha256:");
    });

    call(post("/v1/runs/" + runId + "/approve", Map.of(), arthur))
        .assertProblem(409, "wrong-state", "/v1/runs/" + runId + "/approve");
    assertThat(call(get("/v1/approvals", viewer)).items()).noneMatch(item -> runId.equals(item.get("runId")));
  }

  @Test
  @Order(2)
  void aRejectionEndsTheRunAndLeavesProductionAlone() {
    String pipeline = derived("approved", "rejected");
    String runId = start(pipeline, "olivia");
    awaitWaiting(runId);
    Reply ownRejection = call(post("/v1/runs/" + runId + "/reject", Map.of("comment", "never mind"), oliviaApprover));
    ownRejection.assertProblem(403, "forbidden", "/v1/runs/" + runId + "/reject");
    assertThat(ownRejection.detail()).contains("four-eyes");

    Reply rejected = call(post("/v1/runs/" + runId + "/reject", Map.of("comment", "not this week"), arthur));
    assertThat(rejected.status()).isEqualTo(200);
    assertThat(rejected.json()).containsEntry("outcome", "rejected").containsEntry("approvals", 0);

    RunStatus end = awaitEnd(runId, "rejected");
    assertThat(end.state()).isEqualTo(RunState.REJECTED);
    assertThat(end.message()).contains("rejected by arthur", "not this week");
    assertThat(map(call(get("/v1/models/rejected-model", viewer)).json().get("aliases"))).doesNotContainKey("production");
    call(post("/v1/runs/" + runId + "/reject", Map.of(), arthur)).assertProblem(409, "wrong-state", "/v1/runs/" + runId + "/reject");
    call(post("/v1/runs/no-such-run/approve", Map.of(), arthur)).assertProblem(404, "not-found", "/v1/runs/no-such-run/approve");
  }

  @Test
  @Order(3)
  void aGateDecidesOnlyWithTheRoleItsPolicyNames() {
    String pipeline = derived("approved", "release").replace("role: approver", "role: release-manager");
    String runId = start(pipeline, "olivia");
    assertThat(awaitWaiting(runId)).containsEntry("role", "release-manager");

    Reply refused = call(post("/v1/runs/" + runId + "/approve", Map.of(), arthur));
    refused.assertProblem(403, "forbidden", "/v1/runs/" + runId + "/approve");
    assertThat(refused.detail()).contains("release-manager");

    String rita = stack.token("rita", Roles.APPROVER, "release-manager");
    Reply approved = call(post("/v1/runs/" + runId + "/approve", Map.of(), rita));
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json()).containsEntry("outcome", "approved").containsEntry("approvedBy", List.of("rita"));
    assertThat(awaitEnd(runId, "release").state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  @Order(4)
  void operatorsSetAndDeleteCustomAliasesButNotTheOnesRolloutsManage() {
    String name = "aliased";
    approvedRun(derived("approved", name));
    String aliases = "/v1/models/" + name + "-model/aliases";

    Reply set = call(put(aliases + "/champion", Map.of("version", 1, "reason", "best so far"), oscar));
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json()).containsEntry("alias", "champion").containsEntry("version", 1);
    assertThat(call(get(aliases, viewer)).items())
        .extracting(item -> item.get("alias"), item -> item.get("version"))
        .containsExactly(tuple("champion", 1), tuple("production", 1));
    assertThat(call(get(aliases + "/champion/history", viewer)).items())
        .singleElement()
        .satisfies(change -> assertThat(change)
            .containsEntry("from", null).containsEntry("to", 1).containsEntry("by", "oscar").containsEntry("reason", "best so far"));

    Reply production = call(put(aliases + "/production", Map.of("version", 1), oscar));
    production.assertProblem(422, "invalid-input", aliases + "/production");
    assertThat(production.fields()).containsExactly("alias");
    Reply unknownVersion = call(put(aliases + "/staging", Map.of("version", 99), oscar));
    unknownVersion.assertProblem(422, "invalid-input", aliases + "/staging");
    assertThat(unknownVersion.fields()).containsExactly("version");
    call(put("/v1/models/no-such-model/aliases/staging", Map.of("version", 1), oscar))
        .assertProblem(404, "not-found", "/v1/models/no-such-model/aliases/staging");
    assertThat(call(put(aliases + "/staging", Map.of("version", 1), viewer)).status()).isEqualTo(403);

    assertThat(call(delete(aliases + "/champion", oscar)).status()).isEqualTo(204);
    call(delete(aliases + "/champion", oscar)).assertProblem(404, "not-found", aliases + "/champion");
    Reply previous = call(delete(aliases + "/previous", oscar));
    previous.assertProblem(422, "invalid-input", aliases + "/previous");
    assertThat(previous.fields()).containsExactly("alias");
    assertThat(call(get(aliases, viewer)).items()).extracting(item -> item.get("alias")).containsExactly("production");
    assertThat(call(get(aliases + "/champion/history", viewer)).items())
        .extracting(change -> change.get("to"), change -> change.get("by"))
        .containsExactly(tuple(1, "oscar"), tuple(null, "oscar"));
  }

  @Test
  @Order(5)
  void rollbackAfterTheRunsFinishedRestoresThePreviousVersionWithARestoreRun() {
    String name = "restored";
    String model = name + "-model";
    String pipeline = derived("approved", name);
    int first = approvedRun(pipeline);

    call(post("/v1/models/" + model + "/rollback", Map.of("reason", "too early"), oscar))
        .assertProblem(409, "wrong-state", "/v1/models/" + model + "/rollback");

    int second = approvedRun(pipeline);
    assertThat(map(call(get("/v1/models/" + model, viewer)).json().get("aliases")))
        .containsEntry("production", second).containsEntry("previous", first);

    Reply rollback = call(post("/v1/models/" + model + "/rollback", Map.of("reason", "v2 answers slowly"), oscar));
    assertThat(rollback.status()).isEqualTo(202);
    assertThat(rollback.json()).containsEntry("mode", "restore").containsEntry("from", second).containsEntry("to", first);
    String restoreId = (String) rollback.json().get("runId");

    RestoreResult restored = stack.bean(WorkflowClient.class)
        .newUntypedWorkflowStub(ModelRestoreWorkflow.workflowId(model, restoreId))
        .getResult(RestoreResult.class);
    assertThat(restored.production().version()).isEqualTo(first);
    assertThat(map(call(get("/v1/models/" + model, viewer)).json().get("aliases")))
        .containsEntry("production", first).containsEntry("previous", second);
    assertThat(call(get("/v1/models/" + model + "/aliases/production/history", viewer)).items())
        .last()
        .satisfies(change -> assertThat(change)
            .containsEntry("from", second).containsEntry("to", first).containsEntry("by", "oscar")
            .containsEntry("runId", restoreId).containsEntry("reason", "v2 answers slowly"));
    assertThat(stack.bean(TrafficRouter.class).split(model))
        .hasValueSatisfying(split -> assertThat(split.stable()).extracting(ModelVersionRef::version).isEqualTo(first));
    call(post("/v1/models/no-such-model/rollback", Map.of(), oscar)).assertProblem(404, "not-found", "/v1/models/no-such-model/rollback");
  }

  @Test
  @Order(6)
  void modelsAreListedWithTheirAliasesAndVersionsWithTheirLineage() {
    List<Map<String, Object>> models = call(get("/v1/models", viewer)).items();
    assertThat(models).extracting(m -> m.get("name")).contains("approved-model", "restored-model").isSorted();
    assertThat(models).filteredOn(m -> "restored-model".equals(m.get("name"))).singleElement().satisfies(m -> {
      assertThat(m).containsEntry("latestVersion", 2);
      assertThat(map(m.get("aliases"))).containsEntry("production", 1).containsEntry("previous", 2);
    });
    Reply version = call(get("/v1/models/restored-model/versions/2", viewer));
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.json()).containsEntry("name", "restored-model").containsEntry("version", 2).containsEntry("pipeline", "restored");
    assertThat(version.json().get("uri")).asString().isNotBlank();
    assertThat(map(version.json().get("params"))).containsEntry("threshold", 0.9);
    call(get("/v1/models/restored-model/versions/7", viewer)).assertProblem(404, "not-found", "/v1/models/restored-model/versions/7");
    call(get("/v1/models/no-such-model", viewer)).assertProblem(404, "not-found", "/v1/models/no-such-model");
  }

  @Test
  @Order(7)
  void adminsReadTheAuditTrailWithRefusalsAndRequestIds() {
    Reply all = call(get("/v1/audit?limit=200", admin));
    assertThat(all.status()).isEqualTo(200);
    List<Map<String, Object>> rows = all.items();
    assertThat(rows).allSatisfy(row -> assertThat(row.get("requestId")).asString().isNotBlank());
    assertThat(rows).extracting(row -> (Integer) row.get("id")).isSortedAccordingTo((a, b) -> b - a);
    assertThat(rows).anySatisfy(row -> assertThat(row)
        .containsEntry("action", "run.approve").containsEntry("actor", "arthur").containsEntry("outcome", "ok")
        .containsEntry("roles", List.of("approver", "viewer")));
    assertThat(rows).anySatisfy(row -> {
      assertThat(row).containsEntry("action", "run.approve").containsEntry("actor", "olivia").containsEntry("outcome", "refused");
      assertThat(map(row.get("detail")).get("refusal")).asString().contains("four-eyes");
    });
    assertThat(rows).anySatisfy(row -> assertThat(row)
        .containsEntry("action", "model.alias.set").containsEntry("target", "model/aliased-model").containsEntry("outcome", "ok"));
    assertThat(rows).anySatisfy(row -> {
      assertThat(row).containsEntry("action", "model.rollback").containsEntry("target", "model/restored-model").containsEntry("outcome", "ok");
      assertThat(map(row.get("detail"))).containsEntry("mode", "restore");
    });

    Reply tagged = call(post("/v1/runs/unknown-run/reject", Map.of(), arthur).header("X-Request-Id", "req-governance-1"));
    assertThat(tagged.status()).isEqualTo(404);
    assertThat(call(get("/v1/audit?target=run/unknown-run", admin)).items()).singleElement().satisfies(row -> assertThat(row)
        .containsEntry("requestId", "req-governance-1").containsEntry("action", "run.reject").containsEntry("outcome", "refused"));

    Reply firstPage = call(get("/v1/audit?action=run.approve&limit=1", admin));
    String cursor = (String) firstPage.json().get("nextCursor");
    assertThat(cursor).isNotBlank();
    Reply secondPage = call(get("/v1/audit?action=run.approve&limit=1&cursor=" + cursor, admin));
    assertThat(secondPage.items()).singleElement()
        .satisfies(row -> assertThat(row.get("id")).isNotEqualTo(firstPage.items().get(0).get("id")))
        .satisfies(row -> assertThat(row).containsEntry("action", "run.approve"));
    assertThat(call(get("/v1/audit?actor=nobody", admin)).json()).containsEntry("items", List.of()).containsEntry("nextCursor", null);

    Reply badQuery = call(get("/v1/audit?limit=0&after=yesterday&cursor=zzz", admin));
    badQuery.assertProblem(422, "invalid-input", "/v1/audit");
    assertThat(badQuery.fields()).containsExactlyInAnyOrder("limit", "after", "cursor");
    assertThat(call(get("/v1/audit", oscar)).status()).isEqualTo(403);
  }

  /** Start a run of {@code pipelineText} as {@code user}, the way the CLI does; its run id. */
  private String start(String pipelineText, String user) {
    PipelineSpec spec = stack.bean(PipelineCatalog.class).parse(pipelineText);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    RunInput input = new RunInput(runId, spec, PipelineVersion.of(spec), ParameterValues.resolve(spec, Map.of()), user, "test",
        RunTrigger.api(), null);
    ModelRunWorkflow run = stack.bean(WorkflowClient.class).newWorkflowStub(ModelRunWorkflow.class, RunWorkflowOptions.of(input));
    WorkflowClient.start(run::run, input);
    return runId;
  }

  /** Start a run as olivia, approve it as arthur and wait for its end; the version it put at production. */
  private int approvedRun(String pipelineText) {
    String runId = start(pipelineText, "olivia");
    awaitWaiting(runId);
    assertThat(call(post("/v1/runs/" + runId + "/approve", Map.of(), arthur)).status()).isEqualTo(200);
    RunStatus end = awaitEnd(runId, stack.bean(PipelineCatalog.class).parse(pipelineText).name());
    assertThat(end.state()).isEqualTo(RunState.SUCCEEDED);
    return end.model().version();
  }

  private Map<String, Object> awaitWaiting(String runId) {
    return await().atMost(RUN_TIMEOUT).until(
        () -> call(get("/v1/approvals", viewer)).items().stream().filter(item -> runId.equals(item.get("runId"))).findFirst(),
        Optional::isPresent).orElseThrow();
  }

  private RunStatus awaitEnd(String runId, String pipeline) {
    return stack.bean(WorkflowClient.class)
        .newUntypedWorkflowStub(RunInput.workflowId(pipeline, runId))
        .getResult(RunStatus.class);
  }

  /** approved.yaml under another pipeline and model name ({@code <name>}, {@code <name>-model}). */
  private static String derived(String pipeline, String name) {
    return ApiTestStack.pipeline(pipeline)
        .replace("name: " + pipeline + "-model", "name: " + name + "-model")
        .replace("name: " + pipeline + "\n", "name: " + name + "\n");
  }

  private static MutableHttpRequest<?> get(String uri, String token) {
    return HttpRequest.GET(uri).bearerAuth(token);
  }

  private static MutableHttpRequest<?> post(String uri, Object body, String token) {
    return HttpRequest.POST(uri, body).bearerAuth(token);
  }

  private static MutableHttpRequest<?> put(String uri, Object body, String token) {
    return HttpRequest.PUT(uri, body).bearerAuth(token);
  }

  private static MutableHttpRequest<?> delete(String uri, String token) {
    return HttpRequest.DELETE(uri).bearerAuth(token);
  }

  private Reply call(MutableHttpRequest<?> request) {
    try {
      HttpResponse<String> response = stack.http().exchange(request, Argument.STRING, Argument.STRING);
      return new Reply(response.code(), response.getContentType().map(Object::toString).orElse(null), response.body());
    } catch (HttpClientResponseException e) {
      HttpResponse<?> response = e.getResponse();
      return new Reply(response.code(), response.getContentType().map(Object::toString).orElse(null),
          response.getBody(String.class).orElse(null));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  /** An HTTP answer: status, content type and body. */
  private record Reply(int status, String contentType, String body) {
    Map<String, Object> json() {
      try {
        return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON object (status " + status + "): " + body, e);
      }
    }

    List<Map<String, Object>> items() {
      assertThat(status).as("status of a listing: %s", body).isEqualTo(200);
      return list(json().get("items"));
    }

    String detail() {
      return (String) json().get("detail");
    }

    List<Object> fields() {
      return list(json().get("errors")).stream().map(e -> e.get("field")).toList();
    }

    void assertProblem(int expectedStatus, String type, String instance) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      assertThat(contentType).isEqualTo("application/problem+json");
      assertThat(json())
          .containsEntry("type", "https://trainyard.io/problems/" + type)
          .containsEntry("status", expectedStatus)
          .containsEntry("instance", instance);
      assertThat(json().get("requestId")).asString().isNotBlank();
      assertThat(detail()).isNotBlank();
    }
  }
}
