package io.trainyard.dataset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A dataset version pushed to a subscribed pipeline's trigger: which version, its digest, and the pipeline's debounce. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetArrival(String dataset, int version, String sha256, String debounce) {}
