package io.trainyard.worker;

import io.micronaut.context.annotation.Factory;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import jakarta.inject.Singleton;

/** Builds the Temporal worker factory on the application's client. */
@Factory
public class TemporalWorkers {

  @Singleton
  WorkerFactory workerFactory(WorkflowClient client) {
    return WorkerFactory.newInstance(client);
  }
}
