package io.trainyard.cli;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.trainyard.temporal.devserver.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver for tests (what a collector's {@code otlp} receiver does with
 * {@code http/protobuf}): it decodes each export with the OTLP protobuf classes and keeps the
 * spans, with their service and attributes as strings.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext("/v1/traces", exchange -> {
      try (InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
          ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
        receiver.received(ExportTraceServiceRequest.parseFrom(body));
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    return receiver;
  }

  /** The base URL exporters send to: {@code OTEL_EXPORTER_OTLP_ENDPOINT} with {@code http/protobuf}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The standard variables that make a process export its traces here, soon after each span ends. */
  Map<String, String> environment(String service) {
    return Map.of(
        "OTEL_TRACES_EXPORTER", "otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(),
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
        "OTEL_BSP_SCHEDULE_DELAY", "200",
        "OTEL_SERVICE_NAME", service);
  }

  List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  private void received(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service = strings(resource.getResource().getAttributesList()).get("service.name");
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        scope.getSpansList().forEach(span -> spans.add(new ReceivedSpan(
            service,
            span.getName(),
            hex.formatHex(span.getTraceId().toByteArray()),
            hex.formatHex(span.getSpanId().toByteArray()),
            hex.formatHex(span.getParentSpanId().toByteArray()),
            strings(span.getAttributesList()))));
      }
    }
  }

  private static Map<String, String> strings(List<KeyValue> attributes) {
    Map<String, String> values = new HashMap<>();
    attributes.forEach(a -> values.put(a.getKey(), text(a.getValue())));
    return values;
  }

  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      default -> value.toString();
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** One span as received: its service, name, ids (hex; the root's parent is empty) and attributes. */
  record ReceivedSpan(
      String service, String name, String traceId, String spanId, String parentSpanId, Map<String, String> attributes) {
    String attribute(String key) {
      return attributes.get(key);
    }
  }
}
