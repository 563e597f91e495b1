package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.run.Markdown;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** One column of a table (or one line of a details view): its header and how a document's value reads to people. */
record Column(String header, Function<JsonNode, String> value) {
  private static final BigDecimal EPOCH_SECONDS_LIMIT = BigDecimal.valueOf(100_000_000_000L);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /** A field as text. */
  static Column text(String header, String field) {
    return new Column(header, doc -> scalar(doc.path(field)));
  }

  /** A state or stage, lower case as in the progress lines. */
  static Column state(String header, String field) {
    return new Column(header, doc -> {
      String value = scalar(doc.path(field));
      return value == null ? null : value.toLowerCase(Locale.ROOT);
    });
  }

  /** An instant in local time. */
  static Column time(String header, String field) {
    return new Column(header, doc -> time(doc.path(field)));
  }

  /** The time from one instant to another, such as {@code 3m12s}; empty while the second is missing. */
  static Column duration(String header, String from, String to) {
    return new Column(header, doc -> {
      Instant start = instant(doc.path(from));
      Instant end = instant(doc.path(to));
      return start == null || end == null ? null : duration(Duration.between(start, end));
    });
  }

  /** A digest shortened to 12 hex digits, as git shortens commits. */
  static Column digest(String header, String field) {
    return new Column(header, doc -> shortDigest(scalar(doc.path(field))));
  }

  /** A sha256 digest (with or without its {@code sha256:} prefix) cut to 12 hex digits, or null. */
  static String shortDigest(String digest) {
    if (digest == null) {
      return null;
    }
    String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    return "sha256:" + (hex.length() > 12 ? hex.substring(0, 12) : hex);
  }

  /** An object as {@code key=value} pairs, or a list as its values, separated by spaces or commas. */
  static Column pairs(String header, String field) {
    return new Column(header, doc -> pairs(doc.path(field)));
  }

  /** A value computed from the whole document. */
  static Column of(String header, Function<JsonNode, String> value) {
    return new Column(header, value);
  }

  /** The cell text: the value, or {@code -} when there is none. */
  String cell(JsonNode doc) {
    String text = value.apply(doc);
    return text == null || text.isEmpty() ? "-" : text;
  }

  /** A scalar as text; null when missing or null. */
  static String scalar(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return number(node);
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  static String pairs(JsonNode node) {
    if (node.isObject()) {
      List<String> pairs = new ArrayList<>();
      node.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + scalar(e.getValue())));
      return String.join(" ", pairs);
    }
    if (node.isArray()) {
      List<String> values = new ArrayList<>();
      node.forEach(v -> values.add(scalar(v)));
      return String.join(",", values);
    }
    return scalar(node);
  }

  /** A number with at most four decimals (metrics read better so; {@code -o json} keeps every digit). */
  private static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    BigDecimal value = node.decimalValue().setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
  }

  static String time(JsonNode node) {
    Instant instant = instant(node);
    return instant == null ? scalar(node) : TIME.format(instant);
  }

  /**
   * An instant written as ISO-8601 text (Micronaut Serde's default) or as a number of epoch seconds
   * or milliseconds (below 10^11 it is seconds: that many milliseconds is 1973); null when it is neither.
   */
  static Instant instant(JsonNode node) {
    if (node.isNumber()) {
      BigDecimal value = node.decimalValue();
      return value.abs().compareTo(EPOCH_SECONDS_LIMIT) < 0
          ? Instant.ofEpochSecond(0, value.movePointRight(9).longValue())
          : Instant.ofEpochMilli(value.longValue());
    }
    if (!node.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return Instant.parse(node.asText());
      } catch (DateTimeParseException notInstant) {
        return null;
      }
    }
  }

  /**
   * A time in milliseconds at {@code field}, as the Web UI's story writes it ({@link
   * Markdown#elapsed}: {@code 42ms} under a second, else to a tenth of a second); empty when absent.
   */
  static Column elapsed(String header, String field) {
    return new Column(header, doc -> {
      JsonNode millis = doc.path(field);
      return millis.isNumber() ? Markdown.elapsed(millis.asLong()) : null;
    });
  }

  static String duration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
    }
    if (seconds < 86400) {
      return seconds / 3600 + "h" + String.format("%02dm", seconds % 3600 / 60);
    }
    return seconds / 86400 + "d" + seconds % 86400 / 3600 + "h";
  }
}
