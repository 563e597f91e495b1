package io.trainyard.tabular;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;

/** Which preprocessing the serving side applies to features before the model sees them. */
public enum Scaling {
  /** Standardise each feature with the training statistics. */
  @JsonProperty("standard")
  STANDARD,
  /** Pass raw feature values to the model. */
  @JsonProperty("none")
  NONE;

  /** The spelling used in parameters and {@code serving.json}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parse a parameter value, or an error naming {@code field} and the allowed values. */
  public static Scaling parse(String field, Object value) {
    String text = String.valueOf(value);
    return Arrays.stream(values())
        .filter(s -> s.wireName().equals(text))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    field + ": expected 'standard' or 'none', found '" + text + "'"));
  }
}
