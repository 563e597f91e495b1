package io.trainyard.step;

import io.trainyard.run.Stage;
import io.trainyard.spec.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One attempt of a step, ready for an executor: the spec, the hardware class it runs on, the
 * contract's facts (run, attempt, parameters, inputs as local paths, output and checkpoint
 * directories, trace parent), where its log goes, how to heartbeat, and where the executor
 * measures how long the work runs ({@link RunningTime}: what the attempt is priced by).
 */
public record StepLaunch(
    String runId,
    Stage stage,
    StepSpec spec,
    String hardware,
    int attempt,
    Map<String, Object> params,
    Map<String, String> with,
    Map<String, Path> inputs,
    AttemptPaths paths,
    String traceparent,
    Duration heartbeatInterval,
    Consumer<Object> heartbeat,
    RunningTime runningTime) {
  public StepLaunch {
    params = params == null ? Map.of() : Map.copyOf(params);
    with = with == null ? Map.of() : Map.copyOf(with);
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    runningTime = runningTime == null ? new RunningTime() : runningTime;
  }

  /** True when this attempt's class is the last the step accepts: nothing to fall back to. */
  public boolean lastHardware() {
    return spec.hardware().indexOf(hardware) == spec.hardware().size() - 1;
  }

  /** The step's name. */
  public String step() {
    return spec.name();
  }

  /** The step's {@code TRAINYARD_SEED}, from the run's {@code seed} parameter and the step's name. */
  public long seed() {
    return StepSeed.of(params, step());
  }
}
