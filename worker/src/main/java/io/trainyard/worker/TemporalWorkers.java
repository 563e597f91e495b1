package io.trainyard.worker;

import io.micronaut.context.annotation.Factory;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.WorkerFactory;
import io.trainyard.temporal.TemporalFactory;
import jakarta.inject.Singleton;
import java.util.List;

/** Builds the Temporal worker factory on the application's client, with every {@link WorkerInterceptor} bean (tracing). */
@Factory
public class TemporalWorkers {

  @Singleton
  WorkerFactory workerFactory(WorkflowClient client, List<WorkerInterceptor> interceptors) {
    return TemporalFactory.workerFactory(client, interceptors);
  }
}
