package io.trainyard.api.schedule;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.WorkerFactory;
import io.trainyard.api.dataset.DatasetTriggerActivitiesImpl;
import io.trainyard.dataset.DatasetTriggerWorkflowImpl;
import io.trainyard.run.ActivityPolicies;
import io.trainyard.run.TaskQueues;
import io.trainyard.schedule.ScheduledRunWorkflowImpl;
import io.trainyard.temporal.TemporalFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@link TaskQueues#TRIGGERS} in the API's process: the workflows that Temporal Schedules
 * start and the pipelines' dataset triggers, and the activities that start their runs through the
 * API's start path. Off with
 * {@code trainyard.triggers.enabled=false} (then schedules' actions wait until an API process
 * that serves them is up).
 */
@Singleton
@Requires(property = TriggerWorker.ENABLED, notEquals = "false")
public class TriggerWorker implements ApplicationEventListener<StartupEvent> {
  public static final String ENABLED = "trainyard.triggers.enabled";
  private static final Logger LOG = LoggerFactory.getLogger(TriggerWorker.class);

  private final WorkerFactory factory;
  private final ScheduleActivitiesImpl schedules;
  private final DatasetTriggerActivitiesImpl datasets;

  public TriggerWorker(
      WorkflowClient client,
      List<WorkerInterceptor> interceptors,
      ScheduleActivitiesImpl schedules,
      DatasetTriggerActivitiesImpl datasets) {
    this.factory = TemporalFactory.workerFactory(client, interceptors);
    this.schedules = schedules;
    this.datasets = datasets;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    var worker = factory.newWorker(TaskQueues.TRIGGERS);
    worker.registerWorkflowImplementationTypes(ActivityPolicies.workflowImplementationOptions(),
        ScheduledRunWorkflowImpl.class, DatasetTriggerWorkflowImpl.class);
    worker.registerActivitiesImplementations(schedules, datasets);
    factory.start();
    LOG.info("triggers polling {}", TaskQueues.TRIGGERS);
  }

  /** Stop polling; running activities finish their current call. */
  @PreDestroy
  void stop() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }
}
