package io.trainyard.step;

import io.micronaut.context.annotation.Value;
import io.trainyard.spec.StepSpec;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which executor runs a step, by the worker's {@code trainyard.executor}: {@code local} (the
 * default: builtins in the worker's JVM, commands as child processes) or the name of another
 * executor bean such as {@code kubernetes}, which then runs every step, builtins included.
 */
@Singleton
public class StepExecutors {
  /** The configuration key naming the executor. */
  public static final String PROPERTY = "trainyard.executor";
  /** The default: this machine. */
  public static final String LOCAL = "local";

  private final Map<String, StepExecutor> byName = new TreeMap<>();
  private final String configured;
  private final BuiltinExecutor builtin;
  private final LocalProcessExecutor local;

  public StepExecutors(
      List<StepExecutor> executors,
      BuiltinExecutor builtin,
      LocalProcessExecutor local,
      @Value("${" + PROPERTY + ":" + LOCAL + "}") String configured) {
    executors.forEach(e -> byName.put(e.name(), e));
    this.builtin = builtin;
    this.local = local;
    this.configured = configured;
    if (!LOCAL.equals(configured) && !byName.containsKey(configured)) {
      throw new IllegalArgumentException(
          PROPERTY + ": unknown executor '" + configured + "'; expected one of " + names());
    }
  }

  /** The executor of a step on this worker. */
  public StepExecutor forStep(StepSpec spec) {
    if (!LOCAL.equals(configured)) {
      return byName.get(configured);
    }
    if (spec.isBuiltin()) {
      return builtin;
    }
    return local;
  }

  private List<String> names() {
    List<String> names = new ArrayList<>(List.of(LOCAL));
    byName.keySet().stream().filter(n -> !n.equals(builtin.name()) && !n.equals(local.name())).forEach(names::add);
    return names;
  }
}
