package io.trainyard.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.temporal.client.WorkflowClient;
import io.trainyard.api.pipeline.PipelineLimits;
import io.trainyard.hardware.HardwareClass;
import io.trainyard.run.RunIds;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.spec.DocumentLimits;
import io.trainyard.spec.DocumentTooLargeException;
import io.trainyard.spec.SpecError;
import io.trainyard.spec.SpecValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What {@code run} and {@code demo} share: validate a pipeline file, then run it to its end on a local stack. */
final class RunExecution {
  private RunExecution() {}

  /**
   * What a pipeline file is checked against here: the hardware classes configured
   * ({@code trainyard.hardware.<name>}) and the document limits ({@code trainyard.pipelines.*}).
   */
  private record Configured(Set<String> hardware, DocumentLimits limits) {
    static Configured read() {
      try (ApplicationContext context = ApplicationContext.builder(Trainyard.class).banner(false).build()) {
        Environment environment = context.getEnvironment().start();
        return new Configured(new TreeSet<>(environment.getPropertyEntries(HardwareClass.PREFIX)), PipelineLimits.of(environment));
      }
    }
  }

  /** Read and validate, printing every mistake; empty when the file does not validate. */
  static Optional<PipelineFile> load(Path path, Map<String, String> params, PrintStream err) {
    try {
      Configured configured = Configured.read();
      return Optional.of(PipelineFile.load(path, params, configured.hardware(), configured.limits()));
    } catch (DocumentTooLargeException e) {
      err.println("trainyard: " + e.getMessage() + "; nothing was started");
      return Optional.empty();
    } catch (SpecValidationException e) {
      err.printf("trainyard: %s is not a valid pipeline (%d error%s); nothing was started:%n",
          path, e.errors().size(), e.errors().size() == 1 ? "" : "s");
      for (SpecError error : e.errors()) {
        err.printf("  %s%s: %s%n", error.line() == null ? "" : "line " + error.line() + ": ", error.field(), error.message());
      }
      return Optional.empty();
    } catch (IOException e) {
      err.println("trainyard: cannot read " + path + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Run a validated pipeline on the stack and follow it to its end. */
  static RunStatus run(LocalStack stack, PipelineFile file, PrintStream progress) {
    String runId = RunIds.next();
    RunInput input =
        new RunInput(runId, file.spec(), file.version(), file.params(), System.getProperty("user.name"), CodeVersion.current());
    RunStatus end = new RunWatcher(stack.bean(WorkflowClient.class), progress).startAndFollow(input);
    if (end.state() == RunState.ABANDONED && stack.serving()) {
      // this process owns the registry; as a client of a dev, the next dev marks it
      stack.abandonLostRuns();
    }
    return end;
  }

  /** Open whatever runs Trainyard here: a running dev, or this command's own stack. */
  static LocalStack stack(int httpPort, int temporalPort, PrintStream err) throws IOException {
    Path home = Home.path();
    LocalStack stack = LocalStack.forCommand(home, httpPort, temporalPort);
    err.println(stack.serving()
        ? "trainyard: running on the embedded default (" + (stack.temporal().owned() ? "started" : "reused")
            + " Temporal on 127.0.0.1:" + temporalPort + ", registry and artifacts in " + home + ")"
        : "trainyard: using the running trainyard dev");
    return stack;
  }
}
