package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;

/** Send labelled rows of a CSV artifact as prediction requests to a model's serving endpoint. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrafficReplay(String model, ArtifactRef source, int requests, long seed) {}
