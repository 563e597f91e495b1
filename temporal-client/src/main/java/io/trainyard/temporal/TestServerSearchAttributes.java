package io.trainyard.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Registers search attributes on a Java test server (the embedded server of {@code trainyard dev}
 * and {@code run}, the API's test stack, the benchmarks), which starts with none and rejects a
 * workflow that sets an unknown one. It cannot list them, so each is added on its own and one it
 * has already counts as done. (The dev server's {@code NamespaceSetup} lists and adds the missing.)
 */
public final class TestServerSearchAttributes {
  private static final String NAMESPACE = "default";
  private static final long CALL_SECONDS = 10;

  private TestServerSearchAttributes() {}

  /** Make sure the test server at {@code target} ({@code host:port}) has {@code keys}. */
  public static void ensure(String target, List<SearchAttributeKey<?>> keys) {
    // the SDK's connect-time health check is not needed for one call: a lazy channel
    WorkflowServiceStubs workflow =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    try {
      OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
          OperatorServiceStubsOptions.newBuilder().setChannel(workflow.getRawChannel()).validateAndBuildWithDefaults());
      for (SearchAttributeKey<?> key : keys) {
        try {
          operator.blockingStub().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(NAMESPACE)
                  .putSearchAttributes(key.getName(), key.getValueType())
                  .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      workflow.shutdownNow();
      workflow.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
