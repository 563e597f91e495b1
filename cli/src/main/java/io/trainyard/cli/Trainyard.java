package io.trainyard.cli;

import io.trainyard.cli.remote.ApproveCommand;
import io.trainyard.cli.remote.AuditCommand;
import io.trainyard.cli.remote.CostCommand;
import io.trainyard.cli.remote.CommandFailure;
import io.trainyard.cli.remote.DatasetsCommand;
import io.trainyard.cli.remote.ModelsCommand;
import io.trainyard.cli.remote.SchedulesCommand;
import io.trainyard.cli.remote.PipelinesCommand;
import io.trainyard.cli.remote.RejectCommand;
import io.trainyard.cli.remote.RunsCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trainyard} command. */
@Command(
    name = "trainyard",
    mixinStandardHelpOptions = true,
    versionProvider = CodeVersion.class,
    description = "Durable machine-learning pipelines on Temporal.",
    footer = {"", "Examples:", "  trainyard demo", "  trainyard runs list --state RUNNING", "  trainyard <command> --help"},
    subcommands = {
      ServerCommand.class,
      DevCommand.class,
      WorkerCommand.class,
      ApiCommand.class,
      RunCommand.class,
      DemoCommand.class,
      KeysCommand.class,
      PipelinesCommand.class,
      RunsCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      ModelsCommand.class,
      SchedulesCommand.class,
      DatasetsCommand.class,
      AuditCommand.class,
      CostCommand.class,
      TokenCommand.class,
      StepCommand.class
    })
public class Trainyard implements Runnable {

  /** How log events are written (worker/src/main/resources/logback.xml): lines for a terminal, or JSON objects. */
  static final String LOG_FORMAT = "TRAINYARD_LOG_FORMAT";
  static final java.util.List<String> LOG_FORMATS = java.util.List.of("text", "json");

  /** Exit code of a run that ended as expected. */
  public static final int OK = 0;
  /** Exit code of a run that failed, was rejected, cancelled, stopped at its budget or abandoned. */
  public static final int RUN_DID_NOT_SUCCEED = 1;
  /** Exit code of invalid input: a spec or a parameter that does not validate. */
  public static final int INVALID_INPUT = 2;
  /** Exit code when Temporal, the registry or the API cannot be reached or started, or the API answers 500 or 503. */
  public static final int ENVIRONMENT = 3;
  /** Exit code when the API refuses the caller: 401 or 403. */
  public static final int NOT_ALLOWED = 4;
  /** Exit code when the API does not know what was asked for: 404. */
  public static final int NOT_FOUND = 5;
  /** Exit code of a wrong state or a lost concurrent change: 409. */
  public static final int WRONG_STATE = 6;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    String logFormat = System.getenv(LOG_FORMAT);
    if (logFormat != null && !LOG_FORMATS.contains(logFormat)) {
      System.err.println("trainyard: " + LOG_FORMAT + "=" + logFormat + ": expected one of " + LOG_FORMATS);
      System.exit(INVALID_INPUT);
    }
    // libraries that log through java.util.logging (Tribuo) go through logback like the rest
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine(CommandLine.defaultFactory()).execute(args));
  }

  /** The command tree with its error handling; {@code factory} makes the commands (tests pass their own). */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(new Trainyard(), factory)
        .setExecutionExceptionHandler(
            (e, commandLine, parsed) -> {
              if (e instanceof CommandFailure failure) {
                failure.print(commandLine.getErr());
                return failure.exitCode();
              }
              commandLine.getErr().println("trainyard: " + describe(e));
              return ENVIRONMENT;
            });
  }

  /** The innermost message of a failure, which is the one that says what went wrong. */
  static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return cause == e ? message : e.getMessage() + " (" + message + ")";
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
