package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The model a pipeline produces: its registry name and the step output that holds it, as a
 * reference such as {@code ${steps.train.outputs.model}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSpec(String name, String artifact) {}
