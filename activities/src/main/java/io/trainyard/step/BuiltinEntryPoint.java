package io.trainyard.step;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs one builtin step in this process from the step contract in an environment: what the
 * container of a {@code builtin:NAME} step runs ({@code trainyard step --builtin NAME}). Progress
 * goes to {@code out} (the pod's log); the exit code says how it ended: {@link #SUCCEEDED}, {@link
 * #FAILED} (the stack trace on {@code err}), {@link #INVALID_INPUT} (the step cannot use its input:
 * not worth a retry), or {@link #USAGE} (an unknown builtin or an incomplete contract). It heartbeats nobody: the launcher that watches the container does.
 */
public final class BuiltinEntryPoint {

  /** The step succeeded. */
  public static final int SUCCEEDED = 0;
  /** The step threw: the attempt failed. */
  public static final int FAILED = 1;
  /** Nothing ran: an unknown builtin or a missing or invalid contract variable. */
  public static final int USAGE = 2;
  /** The step threw {@link InvalidStepInput}: every attempt on the same input fails the same way. */
  public static final int INVALID_INPUT = 3;

  private final Map<String, BuiltinStep> builtins;
  private final PrintStream out;
  private final PrintStream err;

  public BuiltinEntryPoint(List<BuiltinStep> builtins, PrintStream out, PrintStream err) {
    this.builtins = BuiltinExecutor.byName(builtins);
    this.out = out;
    this.err = err;
  }

  /** Run the builtin called {@code name} with the contract in {@code environment}; the exit code. */
  public int run(String name, Map<String, String> environment) {
    BuiltinStep builtin = builtins.get(name);
    if (builtin == null) {
      err.println("trainyard step: unknown builtin '" + name + "'; known builtins: " + String.join(", ", builtins.keySet()));
      return USAGE;
    }
    String prefix = "builtin:" + name + " ";
    StepContext context;
    try {
      context = ContractEnvironment.context(environment, detail -> out.println(prefix + "progress " + detail));
    } catch (IllegalArgumentException e) {
      err.println("trainyard step: the step contract is incomplete: " + e.getMessage());
      return USAGE;
    }
    out.println(prefix + "run " + context.runId() + " step " + context.step() + " attempt " + context.attempt() + " started");
    long started = System.nanoTime();
    try {
      Files.createDirectories(context.outputDir());
      Files.createDirectories(context.checkpointDir());
      builtin.run(context);
    } catch (Exception e) {
      out.println(prefix + "failed after " + seconds(started) + ": " + e);
      e.printStackTrace(err);
      err.flush();
      return e instanceof InvalidStepInput ? INVALID_INPUT : FAILED;
    }
    out.println(prefix + "succeeded in " + seconds(started) + "; outputs: " + outputs(context.outputDir()));
    out.flush();
    return SUCCEEDED;
  }

  private static String seconds(long startedNanos) {
    return String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - startedNanos) / 1e9);
  }

  private static List<String> outputs(Path outputDir) {
    try (Stream<Path> files = Files.list(outputDir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of("(unreadable: " + e.getMessage() + ")");
    }
  }
}
