package io.trainyard.cli;

import io.micronaut.context.ApplicationContext;
import io.temporal.client.WorkflowClient;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.cli.remote.RunStart;
import io.trainyard.run.RunStatus;
import io.trainyard.spec.DocumentTooLargeException;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.PipelineParser;
import io.trainyard.spec.SpecError;
import io.trainyard.spec.SpecValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What {@code run} and {@code demo} share: validate a pipeline file, then run it to its end on a local stack. */
final class RunExecution {
  private RunExecution() {}

  /** The input roots of this home's configuration ({@value InputRoots#PROPERTY}). */
  static InputRoots inputRoots() {
    try (ApplicationContext context = configuration()) {
      return PipelineCatalog.inputRoots(context.getEnvironment(), Home.path());
    }
  }

  /** Read and validate, printing every mistake; empty when the file does not validate. */
  static Optional<PipelineFile> load(Path path, Map<String, String> params, PrintStream err) {
    try (ApplicationContext context = configuration()) {
      // the hardware classes, builtins and input roots configured here, as the API validates, and
      // the file's folder, against which its relative paths resolve
      PipelineParser parser = PipelineCatalog.parser(
          context.getEnvironment(), PipelineCatalog.inputRoots(context.getEnvironment(), Home.path()).relativeTo(folder(path)));
      return Optional.of(PipelineFile.load(path, params, parser));
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

  /** The stack property that lets its steps read from {@code roots}. */
  static Map<String, Object> allowing(InputRoots roots) {
    return Map.of(InputRoots.PROPERTY, roots.roots().stream().map(Path::toString).toList());
  }

  private static ApplicationContext configuration() {
    ApplicationContext context = ApplicationContext.builder(Trainyard.class).banner(false).build();
    context.getEnvironment().start();
    return context;
  }

  private static Path folder(Path pipeline) {
    return pipeline.toAbsolutePath().getParent();
  }

  /**
   * Run a validated pipeline on the stack and follow it to its end: started through the stack's API
   * (the start path every start takes: idempotency claim, parameter checks, audit), followed on Temporal.
   */
  static RunStatus run(LocalStack stack, PipelineFile file, PrintStream progress) {
    RunStart.Started started = start(stack, file);
    progress.printf("run %s of %s started (workflow %s)%n", started.runId(), started.pipeline(), started.workflowId());
    return new RunWatcher(stack.bean(WorkflowClient.class), progress).follow(started.workflowId());
  }

  /** Register the file and start a run of it through the stack's API, as this machine's user. */
  static RunStart.Started start(LocalStack stack, PipelineFile file) {
    return new RunStart(stack.api(), LocalSecurity.startToken(stack.home())).start(file.path(), file.params());
  }

  /**
   * Open whatever runs Trainyard here: a running dev (whose workers read the inputs its own roots
   * allow), or this command's own stack, whose steps may also read the pipeline file's folder.
   */
  static LocalStack stack(StackOptions options, Path pipeline, PrintStream err) throws IOException {
    Path home = Home.path();
    LocalStack stack = LocalStack.forCommand(home, options.httpPort, options.temporal,
        allowing(inputRoots().relativeTo(folder(pipeline))));
    err.println(stack.serving()
        ? "trainyard: running on the embedded default (Temporal on " + stack.temporal().target() + ", "
            + DevCommand.origin(stack.temporal()) + "; Web UI " + stack.temporal().settings().uiAddress()
            + "; registry and artifacts in " + home + ")"
        : "trainyard: using the running trainyard dev");
    return stack;
  }
}
