package io.trainyard.step;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a step's pod sends its spans: the launcher's own OpenTelemetry export settings (the
 * standard {@code OTEL_*} variables), so that a step traced from its {@code TRACEPARENT} (Trainyard's
 * builtin entry point does) exports to the same place as the worker, as service {@code
 * trainyard-step}. A local process inherits the worker's environment and needs none of this.
 *
 * <p>{@code OTEL_EXPORTER_OTLP_HEADERS} is not passed on: it often carries a credential, and a
 * Job's environment is readable by whoever reads Jobs. Point pods at a collector in the cluster
 * instead (docs/operations.md).
 */
public final class TraceExport {
  static final List<String> PASSED = List.of(
      "OTEL_TRACES_EXPORTER",
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
      "OTEL_EXPORTER_OTLP_PROTOCOL",
      "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
      "OTEL_TRACES_SAMPLER",
      "OTEL_TRACES_SAMPLER_ARG",
      "OTEL_BSP_SCHEDULE_DELAY",
      "OTEL_RESOURCE_ATTRIBUTES");
  static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
  public static final String STEP_SERVICE = "trainyard-step";

  private TraceExport() {}

  /** The variables a step's pod gets from {@code launcher}'s environment: none when it exports no traces. */
  public static Map<String, String> of(Map<String, String> launcher) {
    String exporter = launcher.get("OTEL_TRACES_EXPORTER");
    if (exporter == null || exporter.isBlank() || exporter.equals("none")) {
      return Map.of();
    }
    Map<String, String> passed = new TreeMap<>();
    PASSED.forEach(name -> {
      String value = launcher.get(name);
      if (value != null && !value.isBlank()) {
        passed.put(name, value);
      }
    });
    passed.put(SERVICE_NAME, STEP_SERVICE);
    return passed;
  }
}
