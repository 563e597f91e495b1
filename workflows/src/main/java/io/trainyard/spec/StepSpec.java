package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a stage: what runs ({@code run: builtin:NAME}, a shell command, or an image with a
 * command), its inputs (references or URIs), declared outputs, hardware and retry policy, and the
 * secrets it reads by reference (environment variable name → {@code <secret>/<key>}, see {@link
 * SecretReference}): never their values.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepSpec(
    String name,
    String run,
    String image,
    List<String> command,
    Map<String, String> inputs,
    List<String> outputs,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> hardware,
    Integer retries,
    String timeout,
    String heartbeat,
    Boolean cache,
    Map<String, String> with,
    // left out of the JSON when empty, so a step without secrets keys the step cache as before
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> secrets) {

  public static final String BUILTIN_PREFIX = "builtin:";
  /**
   * The property listing the builtin steps a worker of this build has: what validation accepts
   * after {@code builtin:} (the api does not see the steps themselves).
   */
  public static final String BUILTINS_PROPERTY = "trainyard.builtins";
  public static final String DEFAULT_HARDWARE = "cpu";
  public static final int DEFAULT_RETRIES = 2;
  public static final String DEFAULT_TIMEOUT = "30m";
  public static final String DEFAULT_HEARTBEAT = "30s";

  public StepSpec {
    command = command == null ? List.of() : List.copyOf(command);
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    hardware = hardware == null || hardware.isEmpty() ? List.of(DEFAULT_HARDWARE) : List.copyOf(hardware);
    retries = retries == null ? DEFAULT_RETRIES : retries;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    heartbeat = heartbeat == null ? DEFAULT_HEARTBEAT : heartbeat;
    cache = cache == null ? Boolean.TRUE : cache;
    with = with == null ? Map.of() : Map.copyOf(with);
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
  }

  /**
   * This step as a reproduction runs it: the step cache off (every step runs again), in {@code
   * pinned} (the image digest its original ran in, {@code repo@sha256:<hex>}) when not null.
   */
  public StepSpec reproduced(String pinned) {
    return new StepSpec(name, run, pinned != null ? pinned : image, command, inputs, outputs, hardware, retries, timeout,
        heartbeat, false, with, secrets);
  }

  /** True when the step runs Java code inside the worker. */
  public boolean isBuiltin() {
    return run != null && run.startsWith(BUILTIN_PREFIX);
  }

  /** The builtin's name, for {@code run: builtin:NAME}. */
  public String builtinName() {
    return run.substring(BUILTIN_PREFIX.length());
  }

  /** The hardware class asked for first. */
  public String primaryHardware() {
    return hardware.get(0);
  }

  /** The longest single attempt. */
  public Duration timeoutDuration() {
    return Durations.parse(timeout);
  }

  /** The longest silence between two heartbeats before the attempt counts as lost. */
  public Duration heartbeatDuration() {
    return Durations.parse(heartbeat);
  }
}
