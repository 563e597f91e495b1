package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.trainyard.run.Stage;
import io.trainyard.run.TraceAttributes;
import io.trainyard.spec.StepSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A step attempt's spans: the activity's span gets the run's labels, the step's span is its child,
 * labelled too, and its W3C context is what the step gets as {@code TRACEPARENT}; without tracing
 * the trace parent derives from the run id.
 */
class StepTracerTest {
  private static final StepSpec SPEC =
      new StepSpec("train", "builtin:tribuo-train", null, null, null, List.of("model"), null, null, null, null, false, null, null);
  private static final StepRequest REQUEST =
      new StepRequest("r1", Stage.TRAIN, SPEC, Map.of(), Map.of(), Map.of(), "gpu-a100", 2, null, "churn", "churn-model");

  @Test
  void labelsTheActivitysSpanAndHandsTheStepSpanToTheProcess() {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
        .build();
    StepTracer tracer = new StepTracer(Optional.of(sdk));
    Span activity = sdk.getTracer("temporal").spanBuilder("RunActivity:Step.Execute").startSpan();
    String traceparent;
    try (Scope current = activity.makeCurrent(); StepTracer.StepSpan step = tracer.start(REQUEST, 3, "gpu-a100", "kubernetes")) {
      traceparent = step.traceparent();
    }
    activity.end();

    SpanData stepSpan = exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals("step train")).findFirst().orElseThrow();
    SpanData activitySpan = exported.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("RunActivity")).findFirst().orElseThrow();
    assertThat(stepSpan.getParentSpanId()).isEqualTo(activitySpan.getSpanId());
    assertThat(traceparent).isEqualTo(
        "00-" + stepSpan.getTraceId() + "-" + stepSpan.getSpanId() + "-" + stepSpan.getSpanContext().getTraceFlags().asHex());
    for (SpanData span : List.of(stepSpan, activitySpan)) {
      assertThat(span.getAttributes().asMap()).containsAllEntriesOf(Map.of(
          AttributeKey.stringKey(TraceAttributes.RUN_ID), "r1",
          AttributeKey.stringKey(TraceAttributes.PIPELINE), "churn",
          AttributeKey.stringKey(TraceAttributes.MODEL), "churn-model",
          AttributeKey.stringKey(TraceAttributes.STAGE), "TRAIN",
          AttributeKey.stringKey(TraceAttributes.STEP), "train",
          AttributeKey.longKey(TraceAttributes.ATTEMPT), 3L,
          AttributeKey.stringKey(TraceAttributes.HARDWARE), "gpu-a100"));
    }
    assertThat(stepSpan.getAttributes().get(AttributeKey.stringKey(TraceAttributes.EXECUTOR))).isEqualTo("kubernetes");
  }

  @Test
  void withoutTracingTheTraceParentDerivesFromTheRun() {
    StepTracer tracer = new StepTracer(Optional.empty());
    String first;
    String second;
    try (StepTracer.StepSpan step = tracer.start(REQUEST, 1, "cpu", "builtin")) {
      first = step.traceparent();
    }
    try (StepTracer.StepSpan step = tracer.start(REQUEST, 2, "cpu", "builtin")) {
      second = step.traceparent();
    }
    assertThat(first).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(first.substring(3, 35)).as("one trace id per run").isEqualTo(second.substring(3, 35));
    assertThat(first.substring(36, 52)).as("a span id per attempt").isNotEqualTo(second.substring(36, 52));
  }

  @Test
  void podsGetTheLaunchersExportSettingsButNotItsHeaders() {
    Map<String, String> launcher = Map.of(
        "OTEL_TRACES_EXPORTER", "otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
        "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cr3t",
        "OTEL_SERVICE_NAME", "trainyard-worker",
        "PATH", "/usr/bin");

    assertThat(TraceExport.of(launcher)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "OTEL_TRACES_EXPORTER", "otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
        "OTEL_SERVICE_NAME", TraceExport.STEP_SERVICE));
    assertThat(TraceExport.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).as("no exporter, no tracing").isEmpty();
    assertThat(TraceExport.of(Map.of("OTEL_TRACES_EXPORTER", "none"))).isEmpty();
  }
}
