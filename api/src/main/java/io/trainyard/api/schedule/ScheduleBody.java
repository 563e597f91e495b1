package io.trainyard.api.schedule;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.spec.ScheduleSpec;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request's {@code schedule} object read as the spec record, strictly: an unknown field or a
 * value of the wrong kind is refused naming it (the record itself tolerates unknown fields, as
 * payloads must). The record's own checks come after, in {@link ScheduleSpec#problems}.
 */
final class ScheduleBody {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

  private ScheduleBody() {}

  static ScheduleSpec read(Map<String, Object> schedule) {
    if (schedule == null) {
      throw InvalidInputException.field("schedule", "is required: {\"cron\": ...} or {\"every\": ...}, see docs/pipeline-spec.md#schedules");
    }
    try {
      return STRICT.convertValue(schedule, ScheduleSpec.class);
    } catch (IllegalArgumentException e) {
      throw refusal(e.getCause());
    }
  }

  /** The spec as the API answers it: its fields, defaults filled. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> answer(ScheduleSpec schedule) {
    return STRICT.convertValue(schedule, Map.class);
  }

  private static InvalidInputException refusal(Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return InvalidInputException.field("schedule." + unknown.getPropertyName(), "unknown field; expected one of "
          + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
    }
    if (cause instanceof InvalidFormatException format && format.getTargetType().isEnum()) {
      return InvalidInputException.field(path(format), "expected one of " + java.util.Arrays.stream(format.getTargetType().getEnumConstants())
          .map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .collect(Collectors.joining(", ")) + ", got '" + format.getValue() + "'");
    }
    if (cause instanceof MismatchedInputException mismatch) {
      return InvalidInputException.field(path(mismatch), "expected " + kind(mismatch.getTargetType()));
    }
    return InvalidInputException.field("schedule", "does not read as a schedule: " + (cause == null ? "" : cause.getMessage()));
  }

  private static String path(MismatchedInputException e) {
    return "schedule" + e.getPath().stream().map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining());
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    return Map.class.isAssignableFrom(type) ? "an object" : "a " + type.getSimpleName();
  }
}
