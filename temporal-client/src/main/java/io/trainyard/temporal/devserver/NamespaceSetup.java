package io.trainyard.temporal.devserver;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the server must have before Trainyard uses it, applied at every start since the dev
 * server's own flags for it ({@code --namespace}, {@code --search-attribute}) are ignored on an
 * existing database file: the namespace with its retention, and Trainyard's search attributes
 * (added when missing, through the operator API).
 */
final class NamespaceSetup {
  private static final long CALL_SECONDS = 10;

  private NamespaceSetup() {}

  /**
   * Apply {@code settings} to the server at its target, through one connection closed afterwards,
   * waiting while the server is still starting ({@code UNAVAILABLE}) for as long as {@code alive}
   * holds, up to {@code timeout}.
   */
  static void apply(DevServerSettings settings, List<SearchAttributeKey<?>> attributes, BooleanSupplier alive,
      Duration timeout) throws IOException {
    // the SDK's own connect-time health check and system-info call would fail while the server starts: off
    WorkflowServiceStubs workflow = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(settings.target()).build());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      ManagedChannel channel = workflow.getRawChannel();
      OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
          OperatorServiceStubsOptions.newBuilder().setChannel(channel).validateAndBuildWithDefaults());
      while (true) {
        try {
          namespace(workflow, settings);
          searchAttributes(operator, settings.namespace(), attributes);
          return;
        } catch (StatusRuntimeException e) {
          if (!starting(e)) {
            throw new IOException("the Temporal server on " + settings.target() + " refused Trainyard's namespace set-up: "
                + e.getStatus());
          }
          if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
            throw new IOException("the Temporal server on " + settings.target() + " did not answer within " + timeout
                + ": " + e.getStatus());
          }
          pause();
        }
      }
    } finally {
      workflow.shutdownNow();
      workflow.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void namespace(WorkflowServiceStubs stubs, DevServerSettings settings) {
    com.google.protobuf.Duration retention = com.google.protobuf.Duration.newBuilder()
        .setSeconds(settings.retention().toSeconds()).build();
    DescribeNamespaceResponse described;
    try {
      described = stubs.blockingStub().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(settings.namespace()).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
      try {
        stubs.blockingStub().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).registerNamespace(
            RegisterNamespaceRequest.newBuilder()
                .setNamespace(settings.namespace())
                .setWorkflowExecutionRetentionPeriod(retention)
                .build());
        return;
      } catch (StatusRuntimeException raced) {
        if (raced.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
          throw raced;
        }
        described = stubs.blockingStub().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS)
            .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(settings.namespace()).build());
      }
    }
    if (!described.getConfig().getWorkflowExecutionRetentionTtl().equals(retention)) {
      stubs.blockingStub().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).updateNamespace(
          UpdateNamespaceRequest.newBuilder()
              .setNamespace(settings.namespace())
              .setConfig(NamespaceConfig.newBuilder().setWorkflowExecutionRetentionTtl(retention))
              .build());
    }
  }

  private static void searchAttributes(OperatorServiceStubs operator, String namespace, List<SearchAttributeKey<?>> wanted) {
    Map<String, IndexedValueType> existing = operator.blockingStub().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS)
        .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
        .getCustomAttributesMap();
    Map<String, IndexedValueType> missing = new LinkedHashMap<>();
    for (SearchAttributeKey<?> key : wanted) {
      IndexedValueType has = existing.get(key.getName());
      if (has == null) {
        missing.put(key.getName(), key.getValueType());
      } else if (has != key.getValueType()) {
        throw new IllegalStateException("search attribute " + key.getName() + " is registered on the Temporal server as "
            + has + "; Trainyard needs " + key.getValueType());
      }
    }
    if (!missing.isEmpty()) {
      operator.blockingStub().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).addSearchAttributes(
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace).putAllSearchAttributes(missing).build());
    }
  }

  /** True for the answers of a server still starting. */
  private static boolean starting(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the Temporal server started");
    }
  }
}
