package io.trainyard.spec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads spec durations: a number with a unit ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}) or ISO-8601 ({@code PT10M}). */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration, or {@link IllegalArgumentException} saying what was expected. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expected a duration such as 30s, 10m, 2h or PT10M");
    }
    Matcher m = SHORT.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: expected a number with a unit (500ms, 30s, 10m, 2h, 1d) or ISO-8601 (PT10M)");
    }
  }

  /** A duration as people read it: {@code 6s}, {@code 1h30m}, {@code 0.5s}. */
  public static String format(Duration duration) {
    return duration.isZero() ? "0s" : duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
