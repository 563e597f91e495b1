package io.trainyard.temporal;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.temporal.serviceclient.RpcRetryOptions;
import jakarta.inject.Named;
import io.grpc.ClientInterceptor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import com.uber.m3.tally.Scope;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Builds the Temporal service stubs and client from {@link TemporalConfiguration}, with every gRPC
 * {@link ClientInterceptor} bean of the application on the stubs, the application's metrics
 * {@link Scope} bean (when there is one) as the stubs' metrics scope, and every
 * {@link WorkflowClientInterceptor} bean (tracing) on the clients.
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
  WorkflowServiceStubs serviceStubs(TemporalConfiguration config, List<ClientInterceptor> interceptors, Optional<Scope> metrics) {
    return WorkflowServiceStubs.newServiceStubs(options(config, interceptors, metrics).build());
  }

  @Singleton
  @Primary
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs, TemporalConfiguration config, List<WorkflowClientInterceptor> clientInterceptors) {
    return client(stubs, config, clientInterceptors);
  }

  @Singleton
  @Named(API)
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs apiServiceStubs(TemporalConfiguration config, List<ClientInterceptor> interceptors, Optional<Scope> metrics) {
    return WorkflowServiceStubs.newServiceStubs(options(config, interceptors, metrics)
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(config.getApiRetryWindow()).validateBuildWithDefaults())
        .build());
  }

  @Singleton
  @Named(API)
  WorkflowClient apiWorkflowClient(
      @Named(API) WorkflowServiceStubs stubs, TemporalConfiguration config, List<WorkflowClientInterceptor> clientInterceptors) {
    return client(stubs, config, clientInterceptors);
  }

  /** The API's schedule client (retrying as its workflow client does). */
  @Singleton
  @Named(API)
  ScheduleClient apiScheduleClient(@Named(API) WorkflowServiceStubs stubs, TemporalConfiguration config) {
    return ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace(config.getNamespace()).build());
  }

  private static WorkflowServiceStubsOptions.Builder options(
      TemporalConfiguration config, List<ClientInterceptor> interceptors, Optional<Scope> metrics) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(config.getTarget()).setGrpcClientInterceptors(interceptors);
    metrics.ifPresent(options::setMetricsScope);
    return options;
  }

  private static WorkflowClient client(
      WorkflowServiceStubs stubs, TemporalConfiguration config, List<WorkflowClientInterceptor> clientInterceptors) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(config.getNamespace())
        .setInterceptors(clientInterceptors.toArray(WorkflowClientInterceptor[]::new))
        .build());
  }

  /** A worker factory on {@code client} with the application's {@link WorkerInterceptor} beans (tracing). */
  public static WorkerFactory workerFactory(WorkflowClient client, List<WorkerInterceptor> interceptors) {
    return WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(interceptors.toArray(WorkerInterceptor[]::new))
        .build());
  }
}
