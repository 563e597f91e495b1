package io.trainyard.bench;

import io.micronaut.context.ApplicationContext;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.RunTrigger;
import io.trainyard.run.RunWorkflowOptions;
import io.trainyard.temporal.devserver.DevServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One whole Trainyard application in this JVM with its own Temporal dev server, running chains of
 * builtin steps: one side of a bench that compares two configurations.
 */
final class BenchApplication implements AutoCloseable {
  private final String name;
  private final DevServer server;
  private final ApplicationContext context;
  private final WorkflowClient client;
  private int runs;
  private String lastWorkflowId;

  private BenchApplication(String name, DevServer server, ApplicationContext context) {
    this.name = name;
    this.server = server;
    this.context = context;
    this.client = context.getBean(WorkflowClient.class);
  }

  /** The application with {@code extra} properties, under a fresh home. */
  static BenchApplication start(String name, Map<String, Object> extra) throws IOException {
    Path home = Files.createTempDirectory("trainyard-bench-" + name);
    DevServer server = BenchTemporal.start(home);
    Map<String, Object> props = new HashMap<>(Map.of(
        "trainyard.home", home.toString(),
        "trainyard.temporal.target", server.target(),
        "trainyard.worker.hardware", "cpu",
        // both sides log alike: warnings only, as `trainyard run` does
        "logger.levels.io.trainyard.step.StepActivitiesImpl", "WARN"));
    props.putAll(extra);
    return new BenchApplication(name, server, ApplicationContext.run(props));
  }

  ApplicationContext context() {
    return context;
  }

  /** One run of a chain of {@code steps} builtin steps, in milliseconds from start to result. */
  double run(int steps) {
    RunInput input = new RunInput(name + (runs++), EngineOverheadBench.chain(steps), "bench", Map.of(), "bench", "bench",
        RunTrigger.api(), null);
    ModelRunWorkflow wf = client.newWorkflowStub(ModelRunWorkflow.class, RunWorkflowOptions.of(input));
    long start = System.nanoTime();
    RunStatus status = wf.run(input);
    double millis = (System.nanoTime() - start) / 1e6;
    if (status.state() != RunState.SUCCEEDED) {
      throw new IllegalStateException("bench run on " + name + " did not succeed: " + status.message());
    }
    lastWorkflowId = RunWorkflowOptions.of(input).getWorkflowId();
    return millis;
  }

  /** The workflow id of the last run. */
  String lastWorkflowId() {
    return lastWorkflowId;
  }

  /** The last run's history, as the server stores and serves it. */
  History lastHistory() {
    WorkflowServiceStubs stubs = context.getBean(WorkflowServiceStubs.class);
    return stubs.blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(lastWorkflowId).build()).build())
        .getHistory();
  }

  @Override
  public void close() {
    context.close();
    server.close();
  }
}
