package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.spec.AnalysisSpec;

/** Judge the canary against stable over the current measurement window. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalysisRequest(ModelVersionRef stable, ModelVersionRef canary, AnalysisSpec spec) {}
