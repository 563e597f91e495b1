package io.trainyard.cli.remote;

import io.trainyard.cli.Trainyard;
import java.io.PrintWriter;
import java.util.List;

/**
 * Why a client command stopped: the lines to print on stderr and the exit code of docs/api.md
 * that the failure class has. {@link Trainyard#commandLine} prints it and exits with the code.
 */
public final class CommandFailure extends RuntimeException {
  private final int exitCode;
  private final List<String> lines;

  CommandFailure(int exitCode, List<String> lines) {
    super(String.join("\n", lines));
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  /** A failure told in one line, printed as {@code trainyard: <message>}. */
  static CommandFailure of(int exitCode, String message) {
    return new CommandFailure(exitCode, List.of("trainyard: " + message));
  }

  /** The exit code for an HTTP error status, as docs/api.md lists them. */
  static int exitCodeFor(int status) {
    return switch (status) {
      case 401, 403 -> Trainyard.NOT_ALLOWED;
      case 404 -> Trainyard.NOT_FOUND;
      case 409 -> Trainyard.WRONG_STATE;
      default -> status >= 500 ? Trainyard.ENVIRONMENT : Trainyard.INVALID_INPUT;
    };
  }

  public int exitCode() {
    return exitCode;
  }

  public void print(PrintWriter err) {
    lines.forEach(err::println);
    err.flush();
  }
}
