package io.trainyard.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One rule checked: did it hold, and the values it saw. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuleResult(String rule, boolean passed, String detail) {}
