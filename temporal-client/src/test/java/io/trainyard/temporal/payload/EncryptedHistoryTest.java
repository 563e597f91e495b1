package io.trainyard.temporal.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.trainyard.temporal.TemporalFactory;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.temporal.devserver.DevServerSettings;
import io.trainyard.temporal.devserver.FreePorts;
import io.trainyard.temporal.devserver.TemporalCli;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a key configured, the clients and workers that {@code TemporalFactory} builds write a
 * workflow's input, result, memo and summary encrypted into a real {@code temporal server start-dev}: its
 * history read raw through the gRPC API holds no clear value, while the client reads them decoded.
 */
class EncryptedHistoryTest {
  private static final TemporalCli CLI =
      TemporalCli.resolve(Path.of(System.getProperty("trainyard.build-home", "../.trainyard")), System.err::println);
  private static final String QUEUE = "encrypted-history";
  private static final String PARAMETER = "learning-rate=0.0314159-known-to-this-test";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home;

  /** A workflow that returns its input. */
  @WorkflowInterface
  public interface Echo {
    @WorkflowMethod
    String echo(String input);
  }

  /** The {@link Echo} implementation. */
  public static class EchoImpl implements Echo {
    @Override
    public String echo(String input) {
      return "echo " + input;
    }
  }

  @Test
  void theHistoryHoldsNoClearValueWhileTheClientDecodesIt() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    DevServerSettings settings = new DevServerSettings(FreePorts.next(), FreePorts.next(), FreePorts.next(),
        home.resolve("temporal"), "default", Duration.ofDays(1));
    try (DevServer server = DevServer.ensure(CLI, settings, List.of(), System.err::println);
        ApplicationContext context = ApplicationContext.run(Map.of(
            "trainyard.temporal.target", server.target(),
            "trainyard.payloads.keys", "k1=" + Base64.getEncoder().encodeToString(key) + ",current=k1"))) {
      WorkflowClient client = context.getBean(WorkflowClient.class);
      WorkerFactory workers = TemporalFactory.workerFactory(client, List.of());
      workers.newWorker(QUEUE).registerWorkflowImplementationTypes(EchoImpl.class);
      workers.start();
      try {
        Echo echo = client.newWorkflowStub(Echo.class, WorkflowOptions.newBuilder()
            .setTaskQueue(QUEUE).setWorkflowId("encrypted-1").setMemo(Map.of("note", PARAMETER))
            .setStaticSummary("summary " + PARAMETER).build());

        assertThat(WorkflowClient.execute(echo::echo, PARAMETER).get(30, TimeUnit.SECONDS)).isEqualTo("echo " + PARAMETER);

        WorkflowServiceStubs stubs = context.getBean(WorkflowServiceStubs.class);
        WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId("encrypted-1").build();
        GetWorkflowExecutionHistoryResponse raw = stubs.blockingStub().getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default").setExecution(execution).build());
        List<HistoryEvent> events = raw.getHistory().getEventsList();
        assertThat(raw.toByteString().toStringUtf8()).doesNotContain(PARAMETER).doesNotContain("0.0314159");
        assertThat(events.get(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList())
            .singleElement().satisfies(EncryptedHistoryTest::isEncrypted)
            .satisfies(input -> assertThat(PayloadCipher.workflowOf(input)).isEqualTo("encrypted-1"));
        isEncrypted(events.get(0).getUserMetadata().getSummary());
        assertThat(events.get(events.size() - 1).getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList())
            .singleElement().satisfies(EncryptedHistoryTest::isEncrypted);
        Payload memo = stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace("default").setExecution(execution).build()).getWorkflowExecutionInfo().getMemo().getFieldsOrThrow("note");
        isEncrypted(memo);
        assertThat(client.newUntypedWorkflowStub("encrypted-1").describe().getMemo("note", String.class)).isEqualTo(PARAMETER);
      } finally {
        workers.shutdownNow();
      }
    }
  }

  private static void isEncrypted(Payload payload) {
    assertThat(payload.getMetadataOrThrow(EncodingKeys.METADATA_ENCODING_KEY).toStringUtf8()).isEqualTo(PayloadCipher.ENCODING);
    assertThat(payload.getMetadataOrThrow(PayloadCipher.KEY_ID).toStringUtf8()).isEqualTo("k1");
  }
}
