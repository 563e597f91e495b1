package io.trainyard.run;

import io.trainyard.spec.Durations;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The few markdown pieces the Web UI stories are made of: escaped text, tables, times and numbers.
 * Pure, so workflow code may use it.
 */
public final class Markdown {
  /** CommonMark lets a backslash escape any ASCII punctuation; these are the ones that format. */
  private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_\\[\\]<>|#~])");

  private Markdown() {}

  /** Text from a spec or a person, shown as written: no markup, no table breaks, one line. */
  public static String text(Object value) {
    if (value == null) {
      return "";
    }
    return SPECIAL.matcher(String.valueOf(value)).replaceAll("\\\\$1").replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /**
   * Text as code ({@code `name`}). A code span shows backslashes as written, so nothing is escaped
   * but what would end it or the table row it stands in.
   */
  public static String code(Object value) {
    String plain = value == null ? "" : String.valueOf(value);
    return "`" + plain.replace('`', '\'').replace("|", "\\|").replaceAll("\\s*[\\r\\n]+\\s*", " ") + "`";
  }

  /** A table: a header row, then one row per entry; cells are taken as already escaped. */
  public static String table(List<String> header, List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    row(out, header);
    row(out, header.stream().map(h -> "---").toList());
    rows.forEach(r -> row(out, r));
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append('|');
    cells.forEach(c -> out.append(' ').append(c).append(" |"));
    out.append('\n');
  }

  /** An instant in UTC to the second, such as {@code 2026-12-02T21:18:46Z}; empty for 0 (not yet). */
  public static String time(long epochMillis) {
    return epochMillis <= 0 ? "" : Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A duration such as {@code 1.2s} or {@code 1h30m}, to a tenth of a second. */
  public static String duration(long millis) {
    return Durations.format(Duration.ofMillis(millis - millis % 100));
  }

  /** A short time in full: {@code 42ms} under a second, else as {@link #duration}. */
  public static String elapsed(long millis) {
    return millis < 1000 ? millis + "ms" : duration(millis);
  }

  /** A metric: four significant digits, no trailing zeros. */
  public static String number(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return BigDecimal.valueOf(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
