package io.trainyard.kubernetes;

import io.trainyard.hardware.HardwareClass;
import io.trainyard.spec.StepSpec;
import java.util.Map;

/**
 * One attempt of a step as a Job: the run, the step spec, the attempt number, the hardware class it
 * runs on, the step contract's environment ({@code TRAINYARD_*}, {@code TRACEPARENT}) and the
 * secrets it reads, by reference only (environment variable name → secret key).
 */
public record JobRequest(
    String runId,
    StepSpec step,
    int attempt,
    HardwareClass hardware,
    Map<String, String> environment,
    Map<String, SecretKey> secrets) {
  public JobRequest {
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
  }
}
