package io.trainyard.run;

/** Names of Trainyard's task queues: one for control (workflows, registry, gate, rollout), one per hardware class for steps. */
public final class TaskQueues {
  /** Workflows and the registry, gate and rollout activities. */
  public static final String CONTROL = "trainyard-control";

  private static final String STEP_PREFIX = "trainyard-steps-";

  private TaskQueues() {}

  /** The queue that serves steps asking for a hardware class. */
  public static String forHardware(String hardwareClass) {
    return STEP_PREFIX + hardwareClass;
  }
}
