package io.trainyard.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import io.trainyard.temporal.devserver.FreePorts;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.trainyard.api.problem.UnavailableException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Temporal not answering is a 503 to retry, not an internal error. */
class LiveRunsTest {
  private WorkflowServiceStubs service;
  private LiveRuns live;

  @BeforeEach
  void nothingListens() throws IOException {
    int port = FreePorts.next();
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + port)
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(2)).validateBuildWithDefaults())
        // the client first asks the server for its capabilities, by default within 5 s each call
        .setSystemInfoTimeout(Duration.ofSeconds(1))
        .build());
    live = new LiveRuns(WorkflowClient.newInstance(service));
  }

  @AfterEach
  void close() {
    service.shutdownNow();
  }

  @Test
  void aStatusQueryWithoutTemporalIsUnavailable() {
    UnavailableException e = catchThrowableOfType(UnavailableException.class, () -> live.status("run-p-1"));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("Temporal is unreachable");
    assertThat(e.retryAfter()).isPositive();
  }

  @Test
  void aCancelWithoutTemporalIsUnavailable() {
    assertThat(catchThrowableOfType(UnavailableException.class, () -> live.cancel("run-p-1"))).isNotNull();
  }

  @Test
  void aHistoryWithoutTemporalIsUnavailable() {
    assertThat(catchThrowableOfType(UnavailableException.class, () -> live.history("run-p-1"))).isNotNull();
  }
}
