package io.trainyard.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * What this worker process polls: the control queue (workflows, registry, gate and rollout
 * activities) and the step queues of the hardware classes it serves. On a laptop one worker
 * serves everything; in a cluster launcher workers serve their classes only.
 */
@ConfigurationProperties(WorkerConfiguration.PREFIX)
public interface WorkerConfiguration {
  String PREFIX = "trainyard.worker";

  /** False to run no worker in this process (a client-only CLI). */
  @Bindable(defaultValue = "true")
  boolean isEnabled();

  /** Poll the control queue. */
  @Bindable(defaultValue = "true")
  boolean isControl();

  /** Poll step queues at all (false: a control-only worker, which runs no step). */
  @Bindable(defaultValue = "true")
  boolean isSteps();

  /**
   * The hardware classes whose step queues this worker polls; null: every configured class (one
   * worker serving everything, as on a laptop).
   */
  @Nullable
  List<String> getHardware();
}
