package io.trainyard.api.health;

import io.grpc.StatusRuntimeException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.trainyard.temporal.TemporalFactory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Readiness of the API's Temporal connection: UP while Temporal answers a describe of the
 * namespace the API works in within {@value #TIMEOUT_SECONDS} seconds, through the API's own client
 * ({@link TemporalFactory#API}), DOWN otherwise. The registry's side is Micronaut's JDBC indicator.
 */
@Singleton
@Readiness
@Requires(beans = HealthEndpoint.class)
public class TemporalHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  static final long TIMEOUT_SECONDS = 2;

  private final WorkflowClient client;

  public TemporalHealthIndicator(@Named(TemporalFactory.API) WorkflowClient client) {
    this.client = client;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    String namespace = client.getOptions().getNamespace();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("namespace", namespace);
    try {
      client.getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      healthStatus = HealthStatus.UP;
    } catch (StatusRuntimeException e) {
      healthStatus = HealthStatus.DOWN;
      details.put("error", e.getStatus().getCode().name());
    }
    return details;
  }

  @Override
  protected String getName() {
    return "temporal";
  }
}
