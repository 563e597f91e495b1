package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every command and subcommand of {@code trainyard} has --help, a description and an example. */
class CommandHelpTest {

  @Test
  void everyCommandHasHelpADescriptionAndAnExample() {
    List<CommandLine> commands = new ArrayList<>();
    collect(Trainyard.commandLine(CommandLine.defaultFactory()), commands);
    assertThat(commands).extracting(c -> c.getCommandSpec().qualifiedName())
        .contains("trainyard pipelines register", "trainyard runs watch", "trainyard approve", "trainyard reject",
            "trainyard models alias", "trainyard audit", "trainyard run");

    List<String> missing = new ArrayList<>();
    for (CommandLine command : commands) {
      CommandSpec spec = command.getCommandSpec();
      String name = spec.qualifiedName();
      if (String.join("", spec.usageMessage().description()).isBlank()) {
        missing.add(name + ": no description");
      }
      if (Arrays.stream(spec.usageMessage().footer()).noneMatch(line -> line.matches("Examples?:"))) {
        missing.add(name + ": no Example: footer");
      }
      if (spec.optionsMap().get("--help") == null || !spec.optionsMap().get("--help").usageHelp()) {
        missing.add(name + ": no --help");
      }
      assertThat(command.getUsageMessage()).as(name).contains("Usage: " + name);
    }
    assertThat(missing).isEmpty();
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
  }
}
