package io.trainyard.api.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.security.Roles;
import io.trainyard.audit.AuditEventRecord;
import io.trainyard.audit.AuditEventRepository;
import io.trainyard.registry.TestDatabases;
import io.trainyard.run.Decision;
import io.trainyard.run.DecisionKind;
import io.trainyard.run.DecisionResult;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One decision per gate under truly concurrent decisions: 50 approvers (and rejecters) at once on
 * runs that need one approval, released together from a latch, against the standalone Temporal
 * test server over gRPC. Exactly one decision is accepted per run, in the API's answers, in the
 * audit trail and in the workflow's history; every other one is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentDecisionsApiTest {
  private static final int DECIDERS = 50;

  private ApiTestStack stack;
  private String viewer;
  private ExecutorService pool;

  @BeforeAll
  void start() {
    stack = ApiTestStack.start(TestDatabases.h2());
    viewer = stack.token("vera", Roles.VIEWER);
    pool = Executors.newFixedThreadPool(DECIDERS);
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
    stack.close();
  }

  @Test
  void fiftyApprovalsAndRejectionsAtOnceThroughTheApiAreDecidedOnce() throws Exception {
    for (boolean mixed : new boolean[] {false, true}) {
      String runId = startAndAwaitTheGate();
      List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < DECIDERS; i++) {
        String token = stack.token("approver-" + i, Roles.APPROVER, Roles.VIEWER);
        String verb = mixed && i % 2 == 1 ? "reject" : "approve";
        calls.add(() -> send("POST", "/v1/runs/" + runId + "/" + verb, token));
      }

      List<HttpResponse<String>> answers = all(calls);

      assertThat(answers).as("one accepted decision").filteredOn(r -> r.statusCode() == 200).hasSize(1);
      assertThat(answers).as("the others are refused as wrong-state")
          .filteredOn(r -> r.statusCode() != 200)
          .hasSize(DECIDERS - 1)
          .allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(r.body()).contains("https://trainyard.io/problems/wrong-state");
          });
      List<AuditEventRecord> audit = stack.bean(AuditEventRepository.class)
          .page(Long.MAX_VALUE, null, null, "run/" + runId, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), 1000);
      assertThat(audit).filteredOn(e -> e.action().startsWith("run.")).hasSize(DECIDERS);
      assertThat(audit).as("one ok row").filteredOn(e -> e.outcome().equals(AuditTrail.OK)).hasSize(1);
      assertThat(acceptedUpdates(runId)).isEqualTo(1);
    }
  }

  @Test
  void fiftyDecideUpdatesAtOnceOverGrpcAreAcceptedOnceByTheValidator() throws Exception {
    String runId = startAndAwaitTheGate();
    ModelRunWorkflow workflow = stack.bean(WorkflowClient.class)
        .newWorkflowStub(ModelRunWorkflow.class, RunInput.workflowId("approved", runId));
    List<Callable<DecisionResult>> calls = new ArrayList<>();
    for (int i = 0; i < DECIDERS; i++) {
      DecisionKind kind = i % 3 == 2 ? DecisionKind.REJECT : DecisionKind.APPROVE;
      Decision decision = new Decision("approver-" + i, Set.of(Roles.APPROVER), kind, null);
      calls.add(() -> {
        try {
          return workflow.decide(decision);
        } catch (WorkflowUpdateException refused) {
          return null;
        } catch (WorkflowNotFoundException ended) {
          // the accepted approval let the run go on to its end: a real server answers the updates
          // that arrive after that as for a workflow it no longer runs
          return null;
        }
      });
    }

    List<DecisionResult> results = all(calls);

    assertThat(results).filteredOn(r -> r != null).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isIn(DecisionResult.APPROVED, DecisionResult.REJECTED));
    assertThat(acceptedUpdates(runId)).isEqualTo(1);
  }

  /** Start a run of approved.yaml as olivia and wait until it is listed as waiting. */
  private String startAndAwaitTheGate() {
    String runId = stack.startRun(ApiTestStack.pipeline("approved"), "olivia");
    await().atMost(Duration.ofMinutes(2)).until(() -> send("GET", "/v1/approvals?limit=200", viewer).body().contains(runId));
    return runId;
  }

  private long acceptedUpdates(String runId) {
    return stack.bean(WorkflowClient.class).fetchHistory(RunInput.workflowId("approved", runId)).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .count();
  }

  /** Run every call at once: each waits on one latch that opens when all are ready. */
  private <T> List<T> all(List<Callable<T>> calls) throws Exception {
    CountDownLatch ready = new CountDownLatch(calls.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> call : calls) {
      futures.add(pool.submit(() -> {
        ready.countDown();
        go.await();
        return call.call();
      }));
    }
    ready.await();
    go.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
        .header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(60));
    request = method.equals("POST")
        ? request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
        : request.GET();
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
}
