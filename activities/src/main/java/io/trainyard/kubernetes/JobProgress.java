package io.trainyard.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The details of a Kubernetes step heartbeat: which attempt, its Job (an earlier attempt's when
 * adopted), the current pod, its phase and node, the hardware class, how many times Kubernetes
 * disrupted a pod of the Job so far, and how long the executor has waited.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobProgress(
    String step,
    int attempt,
    String job,
    String pod,
    String phase,
    String node,
    String hardware,
    int disruptions,
    long elapsedMillis) {}
