package io.trainyard.run;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recorded workflow histories for the replay tests. Run the orchestration tests with {@code
 * -Dtrainyard.recordHistories=true} after a deliberate change to a workflow to record new ones
 * (old ones stay: running workflows still have their histories).
 */
public final class Histories {
  public static final Path DIR = Path.of("src/test/resources/histories");

  private Histories() {}

  /** Write the history of {@code workflowId} as {@code <name>.json} when the build asks for it. */
  public static void recordIfAsked(WorkflowClient client, String workflowId, String name) {
    if (!Boolean.getBoolean("trainyard.recordHistories")) {
      return;
    }
    try {
      Files.createDirectories(DIR);
      Files.writeString(DIR.resolve(name + ".json"), client.fetchHistory(workflowId).toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
