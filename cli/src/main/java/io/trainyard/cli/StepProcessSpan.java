package io.trainyard.cli;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.trainyard.step.ContractEnvironment;
import io.trainyard.step.StepTracer;
import io.trainyard.step.TraceExport;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The span of a builtin step's own process ({@code trainyard step}, a pod's command): a child of the
 * step's {@code TRACEPARENT}, labelled from the step contract, exported with the standard {@code
 * OTEL_*} settings (as service {@code trainyard-step} unless {@code OTEL_SERVICE_NAME} says
 * otherwise) and flushed before the process exits. Nothing at all when {@code OTEL_TRACES_EXPORTER}
 * names no exporter or there is no trace parent.
 */
final class StepProcessSpan implements AutoCloseable {
  private static final TextMapGetter<Map<String, String>> ENVIRONMENT = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key.toUpperCase(Locale.ROOT));
    }
  };

  private final OpenTelemetrySdk sdk;
  private final Span span;

  private StepProcessSpan(OpenTelemetrySdk sdk, Span span) {
    this.sdk = sdk;
    this.span = span;
  }

  /** The span of {@code builtin} run under {@code environment}; a no-op when the step is not traced. */
  static StepProcessSpan open(String builtin, Map<String, String> environment) {
    if (TraceExport.of(environment).isEmpty() || environment.get(ContractEnvironment.TRACEPARENT) == null) {
      return new StepProcessSpan(null, Span.getInvalid());
    }
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of(
            "otel.service.name", TraceExport.STEP_SERVICE,
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none"))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), environment, ENVIRONMENT);
    var builder = sdk.getTracer("io.trainyard.cli.step").spanBuilder("builtin " + builtin).setParent(parent);
    label(builder, StepTracer.RUN_ID, environment.get(ContractEnvironment.RUN_ID));
    label(builder, StepTracer.STEP, environment.get(ContractEnvironment.STEP));
    label(builder, StepTracer.HARDWARE, environment.get(ContractEnvironment.HARDWARE));
    String attempt = environment.get(ContractEnvironment.ATTEMPT);
    if (attempt != null && attempt.matches("\\d{1,9}")) {
      builder.setAttribute(StepTracer.ATTEMPT, Long.parseLong(attempt));
    }
    return new StepProcessSpan(sdk, builder.startSpan());
  }

  private static void label(SpanBuilder builder, AttributeKey<String> key, String value) {
    if (value != null) {
      builder.setAttribute(key, value);
    }
  }

  /** The process ends with {@code exitCode}: an error unless 0. */
  void exited(int exitCode) {
    span.setAttribute("process.exit.code", (long) exitCode);
    if (exitCode != 0) {
      span.setStatus(StatusCode.ERROR, "exit code " + exitCode);
    }
  }

  @Override
  public void close() {
    span.end();
    if (sdk != null) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
