package io.trainyard.cli.remote;

import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options every client command shares: where the API is, the token, the output format, and help. */
public final class RemoteOptions {

  @Option(names = "--server", paramLabel = "URL",
      description = "The Trainyard API (default: TRAINYARD_SERVER, else server: in ~/.trainyard/config, else " + Connection.DEFAULT_SERVER + ").")
  String server;

  @Option(names = "--token", paramLabel = "JWT",
      description = "The bearer token (default: TRAINYARD_TOKEN, else token: in ~/.trainyard/config).")
  String token;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
      description = "table, json or yaml (default: ${DEFAULT-VALUE}); json and yaml print the API's document as is.")
  Output.Format format;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  private final Function<String, String> environment;

  public RemoteOptions() {
    this(System::getenv);
  }

  /** Options that read the environment through {@code environment} (tests give their own). */
  public RemoteOptions(Function<String, String> environment) {
    this.environment = environment;
  }

  /** A client for the API these options name. */
  ApiClient client() {
    return new ApiClient(Connection.resolve(server, token, environment), Connection.configPath(environment).toString());
  }

  /** The output of {@code command} in the chosen format. */
  Output output(CommandSpec command) {
    return new Output(format, command.commandLine().getOut(), command.commandLine().getErr());
  }

  /** Reads {@code -o} in any case, naming the choices when it is none of them. */
  static final class FormatConverter implements ITypeConverter<Output.Format> {
    @Override
    public Output.Format convert(String value) {
      try {
        return Output.Format.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected table, json or yaml, got '" + value + "'");
      }
    }
  }
}
