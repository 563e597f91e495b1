package io.trainyard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.opentelemetry.api.OpenTelemetry;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped application.yml's tracing switch: tracing follows {@code otel.traces.exporter} (the
 * {@code OTEL_TRACES_EXPORTER} variable): unset,
 * the application has no OpenTelemetry and no Temporal interceptor; set, Temporal's interceptors
 * run on Micronaut's OpenTelemetry, exporting with the shipped defaults (OTLP over HTTP).
 */
class TracingSwitchTest {
  private static final Map<String, Object> NO_WORKER =
      Map.of("trainyard.worker.enabled", "false", "datasources.default.url", "jdbc:h2:mem:tracing-switch;DB_CLOSE_DELAY=-1");

  @Test
  void offByDefaultNoOpenTelemetryAndNoInterceptor() {
    try (ApplicationContext context = ApplicationContext.run(NO_WORKER)) {
      assertThat(context.findBean(OpenTelemetry.class)).isEmpty();
      assertThat(context.getBeansOfType(WorkflowClientInterceptor.class)).isEmpty();
      assertThat(context.getBeansOfType(WorkerInterceptor.class)).isEmpty();
    }
  }

  @Test
  void anExporterTurnsOnTemporalsInterceptorsOnMicronautsOpenTelemetry() {
    Map<String, Object> traced = new HashMap<>(NO_WORKER);
    traced.putAll(Map.of("otel.traces.exporter", "otlp", "otel.exporter.otlp.endpoint", "http://127.0.0.1:1"));
    try (ApplicationContext context = ApplicationContext.run(traced)) {
      assertThat(context.findBean(OpenTelemetry.class)).isPresent();
      assertThat(context.getBeansOfType(WorkflowClientInterceptor.class)).hasExactlyElementsOfTypes(OpenTracingClientInterceptor.class);
      assertThat(context.getBeansOfType(WorkerInterceptor.class)).hasExactlyElementsOfTypes(OpenTracingWorkerInterceptor.class);
    }
  }
}
