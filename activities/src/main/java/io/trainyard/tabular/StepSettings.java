package io.trainyard.tabular;

import io.trainyard.step.InvalidStepInput;
import io.trainyard.step.StepContext;
import java.util.Map;

/** Typed reads of step parameters and settings, which arrive as numbers or strings. */
final class StepSettings {

  private StepSettings() {}

  /** A number, or {@code defaultValue} when absent; an error naming {@code field} otherwise. */
  static double number(Map<String, ?> values, String field, double defaultValue) {
    Object value = values.get(field);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new InvalidStepInput(field + ": expected a number, found '" + value + "'");
    }
  }

  /** A whole number, or {@code defaultValue} when absent; an error naming {@code field} otherwise. */
  static long integer(Map<String, ?> values, String field, long defaultValue) {
    double number = number(values, field, defaultValue);
    if (number != Math.rint(number) || Double.isInfinite(number)) {
      throw new InvalidStepInput(field + ": expected a whole number, found '" + values.get(field) + "'");
    }
    return (long) number;
  }

  /**
   * The seed of a step's randomness: {@code with.seed} when the step sets one (to pin it whatever the
   * run's seed), else the step's {@code TRAINYARD_SEED}.
   */
  static long seed(StepContext context) {
    String value = context.with().get("seed");
    if (value == null) {
      return context.seed();
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidStepInput("with.seed: expected a whole number, found '" + value + "'");
    }
  }

  /** A setting that must be present. */
  static String required(Map<String, String> values, String field) {
    String value = values.get(field);
    if (value == null || value.isBlank()) {
      throw new InvalidStepInput("with." + field + " is required");
    }
    return value;
  }
}
