package io.trainyard.temporal;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.temporal.serviceclient.RpcRetryOptions;
import jakarta.inject.Named;
import io.grpc.ClientInterceptor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import com.uber.m3.tally.Scope;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.trainyard.temporal.payload.PayloadDataConverter;
import io.trainyard.temporal.payload.PayloadKeysConfiguration;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Builds the Temporal service stubs and client from {@link TemporalConfiguration}, with every gRPC
 * {@link ClientInterceptor} bean of the application on the stubs, the application's metrics
 * {@link Scope} bean (when there is one) as the stubs' metrics scope, every
 * {@link WorkflowClientInterceptor} bean (tracing) on the clients, and the one data converter
 * ({@link PayloadDataConverter}: payloads encrypted when keys are configured) on every client, and
 * so on every worker factory built on them.
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

  /** The data converter of every client; also the payload codec that a codec server runs. */
  @Singleton
  CodecDataConverter dataConverter(PayloadKeysConfiguration payloads) {
    return PayloadDataConverter.of(payloads);
  }

  @Singleton
  @Primary
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalConfiguration config,
      List<WorkflowClientInterceptor> clientInterceptors, DataConverter converter) {
    return client(stubs, config, clientInterceptors, converter);
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
  WorkflowClient apiWorkflowClient(@Named(API) WorkflowServiceStubs stubs, TemporalConfiguration config,
      List<WorkflowClientInterceptor> clientInterceptors, DataConverter converter) {
    return client(stubs, config, clientInterceptors, converter);
  }

  /** The API's schedule client (retrying as its workflow client does). */
  @Singleton
  @Named(API)
  ScheduleClient apiScheduleClient(@Named(API) WorkflowServiceStubs stubs, TemporalConfiguration config, DataConverter converter) {
    return ScheduleClient.newInstance(stubs,
        ScheduleClientOptions.newBuilder().setNamespace(config.getNamespace()).setDataConverter(converter).build());
  }

  private static WorkflowServiceStubsOptions.Builder options(
      TemporalConfiguration config, List<ClientInterceptor> interceptors, Optional<Scope> metrics) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(config.getTarget()).setGrpcClientInterceptors(interceptors);
    metrics.ifPresent(options::setMetricsScope);
    return options;
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs, TemporalConfiguration config,
      List<WorkflowClientInterceptor> clientInterceptors, DataConverter converter) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(config.getNamespace())
        .setDataConverter(converter)
        .setInterceptors(clientInterceptors.toArray(WorkflowClientInterceptor[]::new))
        .build());
  }

  /**
   * A worker factory on {@code client} with the application's {@link WorkerInterceptor} beans
   * (tracing); its workers use the client's data converter.
   */
  public static WorkerFactory workerFactory(WorkflowClient client, List<WorkerInterceptor> interceptors) {
    return WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(interceptors.toArray(WorkerInterceptor[]::new))
        .build());
  }
}
