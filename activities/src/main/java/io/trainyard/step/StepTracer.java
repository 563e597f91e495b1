package io.trainyard.step;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.trainyard.artifact.ArtifactStore;
import io.trainyard.run.TraceAttributes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A step attempt's part of its run's trace. The activity's span (Temporal's {@code RunActivity},
 * current while the activity runs when tracing is on) is labelled with the run, pipeline, model,
 * stage, step, attempt and hardware class, and a child span, {@code step NAME}, stands for the
 * step's process: the step gets its W3C trace parent as {@code TRACEPARENT}, so that what the
 * process or pod traces joins the run's trace.
 *
 * <p>With tracing off (no OpenTelemetry bean) every span is a no-op and the trace parent is the
 * one the step contract always promised: a trace id derived from the run id, a fresh span id.
 */
@Singleton
public class StepTracer {
  public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey(TraceAttributes.RUN_ID);
  public static final AttributeKey<String> PIPELINE = AttributeKey.stringKey(TraceAttributes.PIPELINE);
  public static final AttributeKey<String> MODEL = AttributeKey.stringKey(TraceAttributes.MODEL);
  public static final AttributeKey<String> STAGE = AttributeKey.stringKey(TraceAttributes.STAGE);
  public static final AttributeKey<String> STEP = AttributeKey.stringKey(TraceAttributes.STEP);
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey(TraceAttributes.ATTEMPT);
  public static final AttributeKey<String> HARDWARE = AttributeKey.stringKey(TraceAttributes.HARDWARE);
  public static final AttributeKey<String> EXECUTOR = AttributeKey.stringKey(TraceAttributes.EXECUTOR);
  public static final AttributeKey<Boolean> CACHED = AttributeKey.booleanKey(TraceAttributes.CACHED);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Tracer tracer;

  public StepTracer(Optional<OpenTelemetry> openTelemetry) {
    this.tracer = openTelemetry.orElse(OpenTelemetry.noop()).getTracer("io.trainyard.step");
  }

  /** Labels the activity's span and opens the step's span, current in this thread until closed. */
  StepSpan start(StepRequest request, int attempt, String hardware, String executor) {
    Attributes attributes = attributes(request, attempt, hardware);
    Span.current().setAllAttributes(attributes);
    Span span = tracer.spanBuilder("step " + request.spec().name())
        .setAllAttributes(attributes)
        .setAttribute(EXECUTOR, executor)
        .startSpan();
    return new StepSpan(span, span.makeCurrent(), request.runId());
  }

  static Attributes attributes(StepRequest request, int attempt, String hardware) {
    var attributes = Attributes.builder()
        .put(RUN_ID, request.runId())
        .put(STEP, request.spec().name())
        .put(ATTEMPT, (long) attempt)
        .put(HARDWARE, hardware);
    if (request.stage() != null) {
      attributes.put(STAGE, request.stage().name());
    }
    if (request.pipeline() != null) {
      attributes.put(PIPELINE, request.pipeline());
    }
    if (request.model() != null) {
      attributes.put(MODEL, request.model());
    }
    return attributes.build();
  }

  /** The span of one step attempt's process. */
  static final class StepSpan implements AutoCloseable {
    private final Span span;
    private final Scope scope;
    private final String runId;

    private StepSpan(Span span, Scope scope, String runId) {
      this.span = span;
      this.scope = scope;
      this.runId = runId;
    }

    /** The W3C {@code traceparent} the step's process continues from. */
    String traceparent() {
      if (!span.getSpanContext().isValid()) {
        return untraced(runId);
      }
      Map<String, String> carrier = new HashMap<>();
      W3CTraceContextPropagator.getInstance().inject(Context.current().with(span), carrier, Map::put);
      return carrier.get("traceparent");
    }

    void cached() {
      span.setAttribute(CACHED, true);
    }

    void failed(Throwable e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
    }

    @Override
    public void close() {
      scope.close();
      span.end();
    }
  }

  /**
   * A W3C trace parent without tracing: the trace id derives from the run id, so every step of a
   * run shares one trace id; the span id is fresh per attempt.
   */
  static String untraced(String runId) {
    byte[] runHash = ArtifactStore.sha256().digest(runId.getBytes(StandardCharsets.UTF_8));
    byte[] span = new byte[8];
    RANDOM.nextBytes(span);
    HexFormat hex = HexFormat.of();
    return "00-" + hex.formatHex(runHash, 0, 16) + "-" + hex.formatHex(span) + "-01";
  }
}
