package io.trainyard.step;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The step contract as environment variables, the same for every executor (a local process, a
 * Kubernetes pod, Trainyard's own builtin entry point): run, step, attempt, the step's seed
 * ({@link StepSeed}), hardware class, parameters and {@code with} settings as JSON, inputs as {@code TRAINYARD_INPUT_<NAME>}, the output
 * and checkpoint directories, and the W3C trace parent.
 */
public final class ContractEnvironment {
  public static final String RUN_ID = "TRAINYARD_RUN_ID";
  public static final String STEP = "TRAINYARD_STEP";
  public static final String ATTEMPT = "TRAINYARD_ATTEMPT";
  public static final String SEED = "TRAINYARD_SEED";
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
    env.put(SEED, Long.toString(launch.seed()));
    env.put(HARDWARE, launch.hardware());
    env.put(PARAMS, json(launch, "params", launch.params()));
    env.put(WITH, json(launch, "with", launch.with()));
    launch.inputs().forEach((name, path) -> env.put(INPUT_PREFIX + variableName(name), path.toString()));
    env.put(OUTPUT_DIR, launch.paths().outputDir().toString());
    env.put(CHECKPOINT_DIR, launch.paths().checkpointDir().toString());
    env.put(TRACEPARENT, launch.traceparent());
    return env;
  }

  /**
   * The inverse of {@link #of}: the step context a builtin sees, read from a contract environment
   * (a container's). Inputs are keyed by their variable-name form ({@code TRAINYARD_INPUT_} taken
   * off), which {@link StepContext#input} also accepts. An error names the missing or invalid variable.
   */
  public static StepContext context(Map<String, String> environment, Consumer<Object> heartbeat) {
    Map<String, Path> inputs = new TreeMap<>();
    environment.forEach(
        (variable, value) -> {
          if (variable.startsWith(INPUT_PREFIX)) {
            if (variable.length() == INPUT_PREFIX.length()) {
              throw new IllegalArgumentException(variable + " names no input: expected " + INPUT_PREFIX + "<NAME>");
            }
            inputs.put(variable.substring(INPUT_PREFIX.length()), path(variable, value));
          }
        });
    return new StepContext(
        required(environment, RUN_ID),
        required(environment, STEP),
        attempt(environment),
        seed(environment),
        params(environment),
        with(environment),
        inputs,
        path(OUTPUT_DIR, required(environment, OUTPUT_DIR)),
        path(CHECKPOINT_DIR, required(environment, CHECKPOINT_DIR)),
        heartbeat);
  }

  /** An input name as it appears in {@code TRAINYARD_INPUT_<NAME>}: upper case, other characters as '_'. */
  public static String variableName(String input) {
    return input.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static String required(Map<String, String> environment, String variable) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(variable + " is not set");
    }
    return value;
  }

  private static int attempt(Map<String, String> environment) {
    String value = required(environment, ATTEMPT);
    try {
      int attempt = Integer.parseInt(value.trim());
      if (attempt >= 1) {
        return attempt;
      }
    } catch (NumberFormatException e) {
      // reported below like a number below 1
    }
    throw new IllegalArgumentException(ATTEMPT + " is not a positive whole number: '" + value + "'");
  }

  private static long seed(Map<String, String> environment) {
    String value = required(environment, SEED);
    try {
      long seed = Long.parseLong(value.trim());
      if (seed >= 0 && seed <= StepSeed.MAX) {
        return seed;
      }
    } catch (NumberFormatException e) {
      // reported below like a number out of range
    }
    throw new IllegalArgumentException(
        SEED + " is not a whole number from 0 to " + StepSeed.MAX + ": '" + value + "'");
  }

  private static Path path(String variable, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(variable + " is empty");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(variable + " is not a path: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> params(Map<String, String> environment) {
    return JSON.convertValue(jsonObject(environment, PARAMS), new TypeReference<Map<String, Object>>() {});
  }

  /** The {@code with} settings, which are strings in a spec and so in the contract. */
  private static Map<String, String> with(Map<String, String> environment) {
    Map<String, String> with = new TreeMap<>();
    jsonObject(environment, WITH)
        .fields()
        .forEachRemaining(
            field -> {
              if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException(WITH + "." + field.getKey() + " is not a string: " + field.getValue());
              }
              with.put(field.getKey(), field.getValue().textValue());
            });
    return with;
  }

  private static JsonNode jsonObject(Map<String, String> environment, String variable) {
    String value = required(environment, variable);
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(variable + " is not a JSON object: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(variable + " is not a JSON object: " + value);
    }
    return node;
  }

  private static String json(StepLaunch launch, String field, Map<String, ?> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(field + " of step '" + launch.step() + "' are not JSON: " + e.getMessage(), e);
    }
  }
}
