package io.trainyard.api.problem;

import io.micronaut.core.annotation.Nullable;

/**
 * The free text a caller may attach to a write (a comment at a gate, a reason for a cancel, an alias
 * move or a rollback): kept whole in the audit trail, the alias history and the workflow's history,
 * so bounded.
 */
public final class FreeText {
  /** The most characters a comment or reason may have. */
  public static final int MAX_LENGTH = 1000;

  private FreeText() {}

  /** The text as given, or {@link InvalidInputException} naming {@code field} when it is longer than {@link #MAX_LENGTH}. */
  @Nullable
  public static String bounded(String field, @Nullable String text) {
    if (text != null && text.length() > MAX_LENGTH) {
      throw InvalidInputException.field(field, "at most " + MAX_LENGTH + " characters, got " + text.length());
    }
    return text;
  }
}
