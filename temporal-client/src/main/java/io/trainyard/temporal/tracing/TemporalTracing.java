package io.trainyard.temporal.tracing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import jakarta.inject.Singleton;

/**
 * Temporal's own tracing interceptors on the application's {@link OpenTelemetry} (Micronaut's, built
 * from the standard {@code OTEL_*} settings), through the OpenTracing shim: starting a workflow,
 * running it, and scheduling and running each activity become spans of the caller's trace, carried
 * across processes in the workflow and activity headers. Without an OpenTelemetry bean (tracing
 * off, the default) there are no interceptors and no cost.
 */
@Factory
@Requires(beans = OpenTelemetry.class)
public class TemporalTracing {

  @Singleton
  OpenTracingOptions tracingOptions(OpenTelemetry openTelemetry) {
    return OpenTracingOptions.newBuilder().setTracer(OpenTracingShim.createTracerShim(openTelemetry)).build();
  }

  @Singleton
  WorkflowClientInterceptor clientTracing(OpenTracingOptions options) {
    return new OpenTracingClientInterceptor(options);
  }

  @Singleton
  WorkerInterceptor workerTracing(OpenTracingOptions options) {
    return new OpenTracingWorkerInterceptor(options);
  }
}
