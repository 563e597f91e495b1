package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.model.ModelVersionRef;

/**
 * Route a model's traffic: {@code canaryPercent} percent to the canary, the rest to stable. A null
 * canary (or 0 percent) sends everything to stable. Each new split starts a new measurement window;
 * the split already in place keeps its own.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrafficSplit(ModelVersionRef stable, ModelVersionRef canary, int canaryPercent) {}
