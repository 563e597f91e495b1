package io.trainyard.step;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The step contract as environment variables, the same for every executor (a local process, a
 * Kubernetes pod, Trainyard's own builtin entry point): run, step, attempt, hardware class,
 * parameters and {@code with} settings as JSON, inputs as {@code TRAINYARD_INPUT_<NAME>}, the output
 * and checkpoint directories, and the W3C trace parent.
 */
public final class ContractEnvironment {
  public static final String RUN_ID = "TRAINYARD_RUN_ID";
  public static final String STEP = "TRAINYARD_STEP";
  public static final String ATTEMPT = "TRAINYARD_ATTEMPT";
  public static final String HARDWARE = "TRAINYARD_HARDWARE";
  public static final String PARAMS = "TRAINYARD_PARAMS";
  public static final String WITH = "TRAINYARD_WITH";
  public static final String INPUT_PREFIX = "TRAINYARD_INPUT_";
  public static final String OUTPUT_DIR = "TRAINYARD_OUTPUT_DIR";
  public static final String CHECKPOINT_DIR = "TRAINYARD_CHECKPOINT_DIR";
  public static final String TRACEPARENT = "TRACEPARENT";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ContractEnvironment() {}

  /** The contract's variables for this attempt, sorted by name. */
  public static Map<String, String> of(StepLaunch launch) {
    Map<String, String> env = new TreeMap<>();
    env.put(RUN_ID, launch.runId());
    env.put(STEP, launch.step());
    env.put(ATTEMPT, Integer.toString(launch.attempt()));
    env.put(HARDWARE, launch.hardware());
    env.put(PARAMS, json(launch, "params", launch.params()));
    env.put(WITH, json(launch, "with", launch.with()));
    launch.inputs().forEach((name, path) -> env.put(INPUT_PREFIX + variableName(name), path.toString()));
    env.put(OUTPUT_DIR, launch.paths().outputDir().toString());
    env.put(CHECKPOINT_DIR, launch.paths().checkpointDir().toString());
    env.put(TRACEPARENT, launch.traceparent());
    return env;
  }

  /** An input name as it appears in {@code TRAINYARD_INPUT_<NAME>}: upper case, other characters as '_'. */
  public static String variableName(String input) {
    return input.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static String json(StepLaunch launch, String field, Map<String, ?> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(field + " of step '" + launch.step() + "' are not JSON: " + e.getMessage(), e);
    }
  }
}
