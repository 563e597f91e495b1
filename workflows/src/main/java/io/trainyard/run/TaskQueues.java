package io.trainyard.run;

/** Names of Trainyard's task queues: one for control (workflows, registry, gate, rollout), one for triggers, one per hardware class for steps. */
public final class TaskQueues {
  /** Workflows and the registry, gate and rollout activities. */
  public static final String CONTROL = "trainyard-control";

  /**
   * What starts runs without a caller: the actions of Temporal Schedules (and the activities that
   * start their runs through the API's start path). Served by the API's process.
   */
  public static final String TRIGGERS = "trainyard-triggers";

  private static final String STEP_PREFIX = "trainyard-steps-";

  private TaskQueues() {}

  /** The queue that serves steps asking for a hardware class. */
  public static String forHardware(String hardwareClass) {
    return STEP_PREFIX + hardwareClass;
  }
}
