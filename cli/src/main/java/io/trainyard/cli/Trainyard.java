package io.trainyard.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trainyard} command. */
@Command(
    name = "trainyard",
    mixinStandardHelpOptions = true,
    versionProvider = CodeVersion.class,
    description = "Durable machine-learning pipelines on Temporal.",
    subcommands = {
      ServerCommand.class,
      DevCommand.class,
      WorkerCommand.class,
      RunCommand.class,
      DemoCommand.class,
      TokenCommand.class
    })
public class Trainyard implements Runnable {

  /** Exit code of a run that ended as expected. */
  public static final int OK = 0;
  /** Exit code of a run that failed, was rejected, cancelled or abandoned. */
  public static final int RUN_DID_NOT_SUCCEED = 1;
  /** Exit code of invalid input: a spec or a parameter that does not validate. */
  public static final int INVALID_INPUT = 2;
  /** Exit code when Temporal or the registry cannot be reached or started. */
  public static final int ENVIRONMENT = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // libraries that log through java.util.logging (Tribuo) go through logback like the rest
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(
        new CommandLine(new Trainyard())
            .setExecutionExceptionHandler(
                (e, commandLine, parsed) -> {
                  commandLine.getErr().println("trainyard: " + describe(e));
                  return ENVIRONMENT;
                })
            .execute(args));
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
