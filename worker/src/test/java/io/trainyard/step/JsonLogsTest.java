package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The shipped logback.xml with {@code TRAINYARD_LOG_FORMAT=json} (the container image's setting):
 * a step attempt's log event is one JSON object on one line, with its time, level, logger, message,
 * the attempt's logging context and the trace and span ids of the span it was logged in; with the
 * default, a line for a terminal.
 */
class JsonLogsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aStepAttemptsEventIsOneJsonLineWithItsRunStepAttemptHardwareAndSpan() throws Exception {
    // a provider without a span processor makes no-op spans
    Span span = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite())).build()
        .get("test").spanBuilder("step train").startSpan();
    List<String> lines = logged("json", span);

    JsonNode event = JSON.readTree(lines.stream().filter(l -> l.contains("started on")).findFirst().orElseThrow());
    assertThat(event.get("level").asText()).isEqualTo("INFO");
    assertThat(event.get("loggerName").asText()).isEqualTo(StepActivitiesImpl.class.getName());
    assertThat(event.get("formattedMessage").asText()).isEqualTo("step train attempt 2 started on gpu-a100");
    assertThat(event.get("timestamp").asLong()).isPositive();
    JsonNode context = event.get("mdc");
    assertThat(context.get(StepLogContext.RUN_ID).asText()).isEqualTo("r1");
    assertThat(context.get(StepLogContext.STEP).asText()).isEqualTo("train");
    assertThat(context.get(StepLogContext.STEP_ATTEMPT).asText()).isEqualTo("2");
    assertThat(context.get(StepLogContext.HARDWARE).asText()).isEqualTo("gpu-a100");
    assertThat(context.get("trace_id").asText()).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(context.get("span_id").asText()).isEqualTo(span.getSpanContext().getSpanId());
    JsonNode after = JSON.readTree(lines.stream().filter(l -> l.contains("after the attempt")).findFirst().orElseThrow());
    assertThat(after.path("mdc").has(StepLogContext.RUN_ID)).as("the context ends with the attempt").isFalse();
    assertThat(after.path("mdc").has("trace_id")).as("outside a span, no trace id").isFalse();
  }

  @Test
  void theDefaultIsALineForATerminal() throws Exception {
    List<String> lines = logged("text", Span.getInvalid());

    assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  .* - step train attempt 2 started on gpu-a100"));
  }

  /** What the shipped configuration writes for one attempt's event (in {@code span}) and one after it, in {@code format}. */
  private static List<String> logged(String format, Span span) throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setProperty("TRAINYARD_LOG_FORMAT", format);
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      context.reset();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(JsonLogsTest.class.getResource("/logback.xml"));
      var log = LoggerFactory.getLogger(StepActivitiesImpl.class);
      try (StepLogContext attempt = StepLogContext.of("r1", "train", 2, "gpu-a100"); Scope current = span.makeCurrent()) {
        log.info("step {} attempt {} started on {}", "train", 2, "gpu-a100");
      }
      log.info("after the attempt");
    } finally {
      System.setErr(err);
      System.clearProperty("TRAINYARD_LOG_FORMAT");
      context.reset();
      new ContextInitializer(context).autoConfig();
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
