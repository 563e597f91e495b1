package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.spec.RolloutSpec;

/**
 * A canary rollout of a candidate against the stable version, with the labelled traffic to replay
 * at each step ({@code traffic} is null when the spec sends none).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutInput(
    String runId,
    RolloutSpec spec,
    ModelVersionRef candidate,
    ModelVersionRef stable,
    ArtifactRef traffic) {}
