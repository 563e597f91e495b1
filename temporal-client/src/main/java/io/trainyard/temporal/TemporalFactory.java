package io.trainyard.temporal;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.grpc.ClientInterceptor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Builds the Temporal service stubs and client from {@link TemporalConfiguration}, with every gRPC
 * {@link ClientInterceptor} bean of the application on the stubs.
 */
@Factory
public class TemporalFactory {

  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(TemporalConfiguration config, List<ClientInterceptor> interceptors) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(config.getTarget())
            .setGrpcClientInterceptors(interceptors)
            .build());
  }

  @Singleton
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalConfiguration config) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(config.getNamespace()).build());
  }
}
