package io.trainyard.temporal;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.temporal.serviceclient.RpcRetryOptions;
import jakarta.inject.Named;
import io.grpc.ClientInterceptor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
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
  /**
   * The qualifier of the API's client: its calls give up after {@link
   * TemporalConfiguration#getApiRetryWindow()}, so that a request answers 503 while its caller still
   * waits, instead of retrying for the SDK's minute.
   */
  public static final String API = "api";

  @Singleton
  @Primary
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(TemporalConfiguration config, List<ClientInterceptor> interceptors) {
    return WorkflowServiceStubs.newServiceStubs(options(config, interceptors).build());
  }

  @Singleton
  @Primary
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalConfiguration config) {
    return client(stubs, config);
  }

  @Singleton
  @Named(API)
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs apiServiceStubs(TemporalConfiguration config, List<ClientInterceptor> interceptors) {
    return WorkflowServiceStubs.newServiceStubs(options(config, interceptors)
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(config.getApiRetryWindow()).validateBuildWithDefaults())
        .build());
  }

  @Singleton
  @Named(API)
  WorkflowClient apiWorkflowClient(@Named(API) WorkflowServiceStubs stubs, TemporalConfiguration config) {
    return client(stubs, config);
  }

  /** The API's schedule client (retrying as its workflow client does). */
  @Singleton
  @Named(API)
  ScheduleClient apiScheduleClient(@Named(API) WorkflowServiceStubs stubs, TemporalConfiguration config) {
    return ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace(config.getNamespace()).build());
  }

  private static WorkflowServiceStubsOptions.Builder options(TemporalConfiguration config, List<ClientInterceptor> interceptors) {
    return WorkflowServiceStubsOptions.newBuilder().setTarget(config.getTarget()).setGrpcClientInterceptors(interceptors);
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs, TemporalConfiguration config) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(config.getNamespace()).build());
  }
}
