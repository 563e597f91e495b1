package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A typed pipeline parameter with its default value. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ParameterSpec(
    ParameterType type, @JsonProperty("default") Object defaultValue, String description) {}
