package io.trainyard.step;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The step contract as a builtin step sees it: the same facts a process gets in its environment
 * ({@code TRAINYARD_*}), with inputs as local paths. {@code seed} is {@code TRAINYARD_SEED} (see
 * {@link StepSeed}): what a builtin seeds its randomness with unless its settings name a seed.
 */
public record StepContext(
    String runId,
    String step,
    int attempt,
    long seed,
    Map<String, Object> params,
    Map<String, String> with,
    Map<String, Path> inputs,
    Path outputDir,
    Path checkpointDir,
    Consumer<Object> heartbeat) {

  /** The file a step writes its metrics to, under the output directory. */
  public static final String METRICS_FILE = "metrics.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The local path of a declared input, or an error naming it. A context read from a contract
   * environment knows inputs only by their variable-name form ({@code train-set} as {@code
   * TRAIN_SET}), so that form is looked up when the declared name is not there.
   */
  public Path input(String name) {
    Path path = inputs.containsKey(name) ? inputs.get(name) : inputs.get(ContractEnvironment.variableName(name));
    if (path == null) {
      throw new IllegalArgumentException("step '" + step + "' has no input '" + name + "'");
    }
    return path;
  }

  /** Where to write a declared output (a file or a directory of that name). */
  public Path output(String name) {
    return outputDir.resolve(name);
  }

  /** A {@code with} setting, or the default when the spec leaves it out. */
  public String setting(String key, String defaultValue) {
    return with.getOrDefault(key, defaultValue);
  }

  /** Write {@code metrics.json} (name → number) under the output directory. */
  public void writeMetrics(Map<String, Double> metrics) {
    try {
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(outputDir.resolve(METRICS_FILE).toFile(), new TreeMap<>(metrics));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
