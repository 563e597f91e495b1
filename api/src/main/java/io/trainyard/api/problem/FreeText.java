package io.trainyard.api.problem;

import io.micronaut.core.annotation.Nullable;
import java.util.Optional;

/**
 * The free text a caller may attach to a write (a comment at a gate, a reason for a cancel, an alias
 * move or a rollback, a text in a dataset version's metadata): kept whole in the audit trail, the
 * alias history, the workflow's history or the registry, so bounded.
 */
public final class FreeText {
  /** The most characters a comment or reason may have. */
  public static final int MAX_LENGTH = 1000;

  private FreeText() {}

  /** The text as given, or {@link InvalidInputException} naming {@code field} when it is longer than {@link #MAX_LENGTH}. */
  @Nullable
  public static String bounded(String field, @Nullable String text) {
    problem(field, text).ifPresent(tooLong -> {
      throw InvalidInputException.field(field, tooLong.message());
    });
    return text;
  }

  /** The problem naming {@code field} when the text is longer than {@link #MAX_LENGTH}. */
  public static Optional<FieldProblem> problem(String field, @Nullable String text) {
    return text != null && text.length() > MAX_LENGTH
        ? Optional.of(new FieldProblem(field, "at most " + MAX_LENGTH + " characters, got " + text.length()))
        : Optional.empty();
  }
}
