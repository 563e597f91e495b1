package io.trainyard.temporal.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server's life on a real {@code temporal server start-dev}, resolved as {@code trainyard} resolves it. */
class DevServerTest {
  private static final TemporalCli CLI =
      TemporalCli.resolve(Path.of(System.getProperty("trainyard.build-home", "../.trainyard")), System.err::println);
  private static final List<SearchAttributeKey<?>> ATTRIBUTES =
      List.of(SearchAttributeKey.forKeyword("TestModel"), SearchAttributeKey.forKeyword("TestStage"));

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home;
  private final List<DevServer> servers = new ArrayList<>();
  private final List<String> said = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(DevServer::close);
  }

  private DevServer ensure(DevServerSettings settings) throws IOException {
    DevServer server = DevServer.ensure(CLI, settings, ATTRIBUTES, said::add);
    servers.add(server);
    return server;
  }

  private DevServerSettings settings(Path folder) throws IOException {
    return new DevServerSettings(FreePorts.next(), FreePorts.next(), FreePorts.next(), folder, "default", Duration.ofDays(9));
  }

  @Test
  void startedOnceAdoptedByTheNextCommandAndStoppedByTheLastToLetGo() throws Exception {
    DevServerSettings settings = settings(home.resolve("temporal"));
    DevServer first = ensure(settings);
    assertThat(first.origin()).isEqualTo(DevServer.Origin.STARTED);
    assertThat(first.freshDatabase()).isTrue();
    assertThat(settings.database()).exists();
    ProcessHandle process = ProcessHandle.of(first.pid()).orElseThrow();

    WorkflowServiceStubs stubs = stubs(settings);
    try {
      assertThat(stubs.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build())
          .getConfig().getWorkflowExecutionRetentionTtl().getSeconds()).isEqualTo(Duration.ofDays(9).toSeconds());
      OperatorServiceStubs operator =
          OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
      assertThat(operator.blockingStub().listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace("default").build())
          .getCustomAttributesMap())
          .containsEntry("TestModel", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .containsEntry("TestStage", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    } finally {
      stubs.shutdownNow();
    }

    DevServer second = ensure(settings(home.resolve("temporal")));
    assertThat(second.origin()).isEqualTo(DevServer.Origin.ADOPTED);
    assertThat(second.pid()).isEqualTo(first.pid());
    assertThat(second.target()).as("the running server's ports, not the ones asked for").isEqualTo(settings.target());
    assertThat(said).anyMatch(l -> l.contains("runs on ports " + settings.port()));

    first.close();
    assertThat(process.isAlive()).as("the second command still uses it").isTrue();
    second.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
    assertThat(settings.folder().resolve("server.properties")).doesNotExist();
  }

  @Test
  void aServerLeftByAKilledCommandIsAdoptedAndStoppedByTheNextOne() throws Exception {
    DevServerSettings settings = settings(home.resolve("temporal"));
    DevServer first = ensure(settings);
    // a killed command leaves its lease: a process id that no longer runs
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.delete(Files.list(settings.folder().resolve("users")).findFirst().orElseThrow());
    Files.createFile(settings.folder().resolve("users").resolve(gone.pid() + "-1"));
    ProcessHandle process = ProcessHandle.of(first.pid()).orElseThrow();

    DevServer next = ensure(settings);
    assertThat(next.origin()).isEqualTo(DevServer.Origin.ADOPTED);
    next.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
  }

  @Test
  void aRestartedServerStillHasItsWorkflowsAndSearchAttributes() throws Exception {
    DevServerSettings settings = settings(home.resolve("temporal"));
    DevServer first = ensure(settings);
    WorkflowServiceStubs stubs = stubs(settings);
    WorkflowStub parked;
    try {
      parked = WorkflowClient.newInstance(stubs).newUntypedWorkflowStub("Parked",
          WorkflowOptions.newBuilder().setTaskQueue("nobody-polls").setWorkflowId("parked-1").build());
      parked.start();
    } finally {
      stubs.shutdownNow();
    }
    ProcessHandle process = ProcessHandle.of(first.pid()).orElseThrow();
    first.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());

    DevServer again = ensure(settings);
    assertThat(again.origin()).isEqualTo(DevServer.Origin.STARTED);
    assertThat(again.freshDatabase()).isFalse();
    WorkflowServiceStubs after = stubs(settings);
    try {
      assertThat(WorkflowClient.newInstance(after).newUntypedWorkflowStub("parked-1").describe().getStatus())
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    } finally {
      after.shutdownNow();
    }
  }

  @Test
  void somethingElseOnThePortIsUsedAndNeverStopped() throws Exception {
    DevServerSettings settings = settings(home.resolve("a"));
    DevServer owner = ensure(settings);
    DevServer user = ensure(new DevServerSettings(settings.port(), FreePorts.next(), FreePorts.next(), home.resolve("b"), "default",
        Duration.ofDays(7)));
    assertThat(user.origin()).isEqualTo(DevServer.Origin.EXTERNAL);
    assertThat(user.pid()).isEqualTo(-1);
    user.close();
    assertThat(ProcessHandle.of(owner.pid()).map(ProcessHandle::isAlive)).contains(true);
  }

  @Test
  void aServerThatCannotStartSaysWhyFromItsLog() throws Exception {
    DevServerSettings settings = settings(home.resolve("temporal"));
    try (ServerSocket busy = new ServerSocket(settings.uiPort(), 1, InetAddress.getByName(DevServerSettings.IP))) {
      assertThatThrownBy(() -> ensure(settings))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("exited at start")
          .hasMessageContaining(settings.log().toString());
    }
    assertThat(settings.folder().resolve("server.properties")).doesNotExist();
  }

  @Test
  void badSettingsNameTheField() {
    assertThatThrownBy(() -> new DevServerSettings(7233, 7233, 9233, home, "default", Duration.ofDays(7)))
        .hasMessageContaining("ports must differ");
    assertThatThrownBy(() -> new DevServerSettings(70000, 8233, 9233, home, "default", Duration.ofDays(7)))
        .hasMessageContaining("70000: expected 1 to 65535");
    assertThatThrownBy(() -> new DevServerSettings(7233, 8233, 9233, home, "default", Duration.ofHours(2)))
        .hasMessageContaining("retention PT2H: expected at least 1 day");
  }

  private static WorkflowServiceStubs stubs(DevServerSettings settings) {
    return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(settings.target()).build());
  }

}
