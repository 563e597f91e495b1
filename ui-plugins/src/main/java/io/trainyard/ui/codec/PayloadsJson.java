package io.trainyard.ui.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payloads;
import io.trainyard.api.problem.InvalidInputException;

/**
 * Temporal's codec protocol body: a {@code Payloads} message in proto3 JSON ({@code {"payloads":
 * [{"metadata": {"encoding": "<base64>"}, "data": "<base64>"}]}}), read and written by protobuf's
 * own {@link JsonFormat}, as the Web UI and {@code temporal --codec-endpoint} send it.
 */
final class PayloadsJson {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private PayloadsJson() {}

  /** The payloads of {@code body}; a 422 naming what is wrong when it is not that message. */
  static Payloads read(String body) {
    Payloads.Builder payloads = Payloads.newBuilder();
    try {
      PARSER.merge(body, payloads);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw InvalidInputException.field("payloads",
          "expected Temporal's Payloads as proto3 JSON, {\"payloads\": [{\"metadata\": {...}, \"data\": \"<base64>\"}]}: "
              + e.getMessage());
    }
    return payloads.build();
  }

  static String write(Payloads payloads) {
    try {
      return PRINTER.print(payloads);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("payloads cannot be printed as JSON", e);
    }
  }
}
