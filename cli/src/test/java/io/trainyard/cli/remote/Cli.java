package io.trainyard.cli.remote;

import io.trainyard.cli.Trainyard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code trainyard} in this JVM with a given environment, keeping its stdout, stderr and exit code. */
final class Cli {
  /** What a command did. */
  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  static Result run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Trainyard.commandLine(new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == RemoteOptions.class
            ? type.cast(new RemoteOptions(environment::get))
            : CommandLine.defaultFactory().create(type);
      }
    });
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
