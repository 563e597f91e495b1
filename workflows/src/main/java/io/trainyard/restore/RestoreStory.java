package io.trainyard.restore;

import static io.trainyard.run.Markdown.code;
import static io.trainyard.run.Markdown.text;

/**
 * A restore run told for the Temporal Web UI: its static summary and details, and the current
 * details it moves through (waiting for the model's rollout slot, restoring, done). Pure, so
 * workflow code may call it.
 */
public final class RestoreStory {
  private RestoreStory() {}

  /** One line: {@code restore churn:1 to production (was churn:2) · restore 1a2b3c4d5e6f}. */
  public static String summary(RestoreInput input) {
    return "restore " + label(input, input.to()) + " to production (was " + label(input, input.from()) + ") · restore "
        + input.restoreId();
  }

  /** Who asked, why, and what moves. */
  public static String details(RestoreInput input) {
    return "Restore " + code(input.restoreId()) + " moves production of model " + code(input.model())
        + " from version " + input.from() + " back to version " + input.to() + " (the version at `previous`), then"
        + " routes serving to it.\n\n"
        + "- asked by " + text(input.actor()) + "\n"
        + "- reason: " + (input.reason() == null || input.reason().isBlank() ? "none given" : text(input.reason())) + "\n";
  }

  /** Waiting for the model's rollout slot, and for whom ({@code waiting for the rollout of run X}). */
  static String waiting(String why) {
    return "**WAITING** · " + text(why == null ? "waiting for the model's rollout slot" : why) + "\n";
  }

  /** Holding the slot: the registry moves production, then serving follows. */
  static String restoring(RestoreInput input) {
    return "**RESTORING** · production moves from " + code(label(input, input.from())) + " to "
        + code(label(input, input.to())) + ", then serving follows\n";
  }

  /** Done: what serves production now. */
  static String done(RestoreResult result) {
    return "**DONE** · production serves " + code(result.production().label()) + "; version " + result.previous()
        + " is at `previous`\n";
  }

  private static String label(RestoreInput input, int version) {
    return input.model() + ":" + version;
  }
}
