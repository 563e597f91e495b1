package io.trainyard.cli;

import io.trainyard.temporal.payload.PayloadKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trainyard keys}: the keys that encrypt workflow payloads (docs/security.md#payload-encryption). */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "The AES-256 keys that encrypt workflow payloads: list them, rotate to a new one.",
    footer = {"", "Example:", "  trainyard keys rotate"},
    subcommands = {KeysCommand.List.class, KeysCommand.Rotate.class})
public class KeysCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What a keys command does with the key file. */
  interface KeyFileAction {
    void run(Path file) throws IOException;
  }

  /** {@code action} on the key file: 0, or 3 with the reason when there is none or it cannot be read. */
  static int onKeyFile(CommandLine.Model.CommandSpec spec, KeyFileAction action) {
    try {
      action.run(PayloadKeyFile.file(Home.path(), System.getenv()));
      return Trainyard.OK;
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("trainyard: " + e.getMessage());
      return Trainyard.ENVIRONMENT;
    }
  }

  /** {@code trainyard keys list}: the key ids and the current one, never a key. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Print the payload key ids and which one is current (never the keys themselves).",
        "Exit codes: 0 printed; 3 no key file."},
      footer = {"", "Example:", "  trainyard keys list"})
  static class List implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return onKeyFile(spec, file -> {
        PayloadKeys keys = PayloadKeyFile.read(file);
        for (String id : keys.ids()) {
          spec.commandLine().getOut().println(id + (keys.currentId().orElseThrow().equals(id) ? "  current" : ""));
        }
        spec.commandLine().getErr().println("(" + file + ")");
      });
    }
  }

  /** {@code trainyard keys rotate}: a new current key, the others kept for what they encrypted. */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Add a new random key to the key file and make it current; the other keys stay, so",
        "payloads encrypted before keep decoding. Restart trainyard dev (or the workers and API) to use it.",
        "Exit codes: 0 rotated; 3 no key file, or the keys are in TRAINYARD_PAYLOADS_KEYS."},
      footer = {"", "Example:", "  trainyard keys rotate"})
  static class Rotate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return onKeyFile(spec, file -> {
        String id = PayloadKeyFile.rotate(file);
        spec.commandLine().getOut().println(id);
        spec.commandLine().getErr().println("trainyard: key " + id + " is now current in " + file
            + "; restart trainyard dev (or every worker and API server) so that new payloads use it."
            + " Earlier payloads keep decoding with their own keys, which stay in the file.");
      });
    }
  }
}
