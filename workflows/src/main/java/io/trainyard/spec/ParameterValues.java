package io.trainyard.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run's parameter values: every declared parameter with its default, overridden by
 * {@code --param name=value} strings read as the declared type (integer as {@link Long}, number as
 * {@link Double}, boolean as {@link Boolean}, string as {@link String}).
 */
public final class ParameterValues {
  private ParameterValues() {}

  /** The values, or {@link SpecValidationException} listing every unknown, missing or mistyped parameter. */
  public static Map<String, Object> resolve(PipelineSpec spec, Map<String, String> overrides) {
    List<SpecError> errors = new ArrayList<>();
    Map<String, Object> values = collect(spec, overrides, errors);
    if (!errors.isEmpty()) {
      throw new SpecValidationException(errors);
    }
    return values;
  }

  /**
   * What is wrong with a run's parameter values: unknown names, values not of the declared type,
   * parameters with neither a value nor a default. Parameters whose declaration is itself broken
   * (no type) are the spec's errors, not these.
   */
  static List<SpecError> errors(PipelineSpec spec, Map<String, String> overrides) {
    List<SpecError> errors = new ArrayList<>();
    collect(spec, overrides, errors);
    return errors;
  }

  private static Map<String, Object> collect(PipelineSpec spec, Map<String, String> overrides, List<SpecError> errors) {
    Map<String, String> given = overrides == null ? Map.of() : overrides;
    Map<String, Object> values = new LinkedHashMap<>();
    spec.parameters().forEach((name, parameter) -> {
      String field = "parameters." + name;
      if (parameter == null || parameter.type() == null) {
        return;
      }
      if (given.containsKey(name)) {
        try {
          values.put(name, coerce(given.get(name), parameter.type()));
        } catch (IllegalArgumentException e) {
          errors.add(new SpecError(field, null, e.getMessage()));
        }
      } else if (parameter.defaultValue() == null) {
        errors.add(new SpecError(field, null, "has no default: give it a value with --param " + name + "=VALUE"));
      } else if (hasType(parameter.defaultValue(), parameter.type())) {
        values.put(name, normalize(parameter.defaultValue(), parameter.type()));
      }
    });
    unknown(spec, given.keySet(), "parameters", errors);
    return values;
  }

  /**
   * What is wrong with parameter values given typed (in a document or a JSON body, not as text to read
   * as the declared type): unknown names, values not of the declared type, parameters with neither a
   * value nor a default. Each error is on the field {@code at.NAME}.
   */
  static List<SpecError> typedErrors(PipelineSpec spec, Map<String, ?> values, String at) {
    List<SpecError> errors = new ArrayList<>();
    spec.parameters().forEach((name, parameter) -> {
      String field = FieldPath.field(at, name);
      if (parameter == null || parameter.type() == null) {
        return;
      }
      if (values.containsKey(name)) {
        if (!hasType(values.get(name), parameter.type())) {
          errors.add(new SpecError(field, null, mismatch(parameter.type(), values.get(name))));
        }
      } else if (parameter.defaultValue() == null) {
        errors.add(new SpecError(field, null, "is required: the parameter has no default"));
      }
    });
    unknown(spec, values.keySet(), at, errors);
    return errors;
  }

  private static void unknown(PipelineSpec spec, Set<String> names, String at, List<SpecError> errors) {
    new TreeSet<>(names).stream()
        .filter(name -> !spec.parameters().containsKey(name))
        .forEach(name -> errors.add(new SpecError(FieldPath.field(at, name), null,
            "no such parameter (declared: " + declared(spec) + ")")));
  }

  /** Whether a value parsed from a document has the declared type. */
  static boolean hasType(Object value, ParameterType type) {
    return switch (type) {
      case STRING -> value instanceof String;
      case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger;
      case NUMBER -> value instanceof Number;
      case BOOLEAN -> value instanceof Boolean;
    };
  }

  /** The message for a typed value that is not of the declared type. */
  static String mismatch(ParameterType type, Object value) {
    return "expected " + describe(type) + ", got " + (value instanceof String ? "'" + value + "'" : String.valueOf(value));
  }

  /** What a value of the type looks like, for messages. */
  private static String describe(ParameterType type) {
    return switch (type) {
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
    };
  }

  private static Object coerce(String text, ParameterType type) {
    String value = text == null ? "" : text.trim();
    IllegalArgumentException wrong =
        new IllegalArgumentException("expected " + describe(type) + ", got '" + text + "'");
    switch (type) {
      case STRING:
        return text == null ? "" : text;
      case INTEGER:
        try {
          return Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw wrong;
        }
      case NUMBER:
        try {
          double number = Double.parseDouble(value);
          if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw wrong;
          }
          return number;
        } catch (NumberFormatException e) {
          throw wrong;
        }
      default:
        return switch (value.toLowerCase(Locale.ROOT)) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> throw wrong;
        };
    }
  }

  private static Object normalize(Object value, ParameterType type) {
    return switch (type) {
      case INTEGER -> ((Number) value).longValue();
      case NUMBER -> ((Number) value).doubleValue();
      default -> value;
    };
  }

  private static String declared(PipelineSpec spec) {
    return spec.parameters().isEmpty() ? "none" : String.join(", ", spec.parameters().keySet());
  }
}
