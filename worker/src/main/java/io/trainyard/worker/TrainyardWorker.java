package io.trainyard.worker;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.trainyard.gate.GateActivities;
import io.trainyard.hardware.HardwareClasses;
import io.trainyard.registry.RegistryActivities;
import io.trainyard.restore.ModelRestoreWorkflowImpl;
import io.trainyard.rollout.RolloutActivities;
import io.trainyard.rollout.RolloutLockWorkflowImpl;
import io.trainyard.rollout.RolloutLocksImpl;
import io.trainyard.rollout.RolloutWorkflowImpl;
import io.trainyard.run.ActivityPolicies;
import io.trainyard.run.ModelRunWorkflowImpl;
import io.trainyard.run.TaskQueues;
import io.trainyard.step.StepActivities;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers Trainyard's workflows and activities on their task queues and polls them while the application runs. */
@Singleton
@Requires(property = WorkerConfiguration.PREFIX + ".enabled", notEquals = "false")
public class TrainyardWorker implements ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainyardWorker.class);

  private final WorkerFactory factory;
  private final WorkerConfiguration config;
  private final StepActivities steps;
  private final RegistryActivities registry;
  private final GateActivities gate;
  private final RolloutActivities rollout;
  private final HardwareClasses hardware;

  public TrainyardWorker(
      WorkerFactory factory,
      WorkerConfiguration config,
      StepActivities steps,
      RegistryActivities registry,
      GateActivities gate,
      RolloutActivities rollout,
      HardwareClasses hardware) {
    this.factory = factory;
    this.config = config;
    this.steps = steps;
    this.registry = registry;
    this.gate = gate;
    this.rollout = rollout;
    this.hardware = hardware;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    if (config.isControl()) {
      Worker control = factory.newWorker(TaskQueues.CONTROL);
      control.registerWorkflowImplementationTypes(
          ActivityPolicies.workflowImplementationOptions(),
          ModelRunWorkflowImpl.class,
          RolloutWorkflowImpl.class,
          ModelRestoreWorkflowImpl.class,
          RolloutLockWorkflowImpl.class);
      control.registerActivitiesImplementations(registry, gate, rollout, new RolloutLocksImpl());
    }
    List<String> stepQueues = config.isSteps() ? servedHardware().stream().map(TaskQueues::forHardware).toList() : List.of();
    for (String queue : stepQueues) {
      factory.newWorker(queue).registerActivitiesImplementations(steps);
    }
    factory.start();
    LOG.info("worker polling {}{}", config.isControl() ? TaskQueues.CONTROL + ", " : "", stepQueues);
  }

  /** The classes this worker serves: those configured for it, each a known class, or every known class. */
  private List<String> servedHardware() {
    if (config.getHardware() == null || config.getHardware().isEmpty()) {
      return hardware.names();
    }
    List<String> unknown = config.getHardware().stream().filter(h -> !hardware.names().contains(h)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          WorkerConfiguration.PREFIX + ".hardware (--hardware): unknown hardware class(es) " + unknown
              + "; configured under trainyard.hardware: " + hardware.names());
    }
    return config.getHardware();
  }

  /** Stop polling and let running activities finish their current call. */
  @Singleton
  @Requires(property = WorkerConfiguration.PREFIX + ".enabled", notEquals = "false")
  static class Shutdown implements ApplicationEventListener<ShutdownEvent> {
    private final WorkerFactory factory;

    Shutdown(WorkerFactory factory) {
      this.factory = factory;
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
