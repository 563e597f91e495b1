package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON type a pipeline parameter takes. */
public enum ParameterType {
  @JsonProperty("string")
  STRING,
  @JsonProperty("integer")
  INTEGER,
  @JsonProperty("number")
  NUMBER,
  @JsonProperty("boolean")
  BOOLEAN
}
