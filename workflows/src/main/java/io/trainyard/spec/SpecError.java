package io.trainyard.spec;

/**
 * One thing wrong with a pipeline document: the field (a path such as {@code train[0].inputs.train}
 * or {@code gate.rules[1]}), the 1-based line of that field or of its nearest parent in the source
 * (null when there is no source position), and what is wrong.
 */
public record SpecError(String field, Integer line, String message) {

  /** The error as one line of text: {@code line N: field: message}. */
  @Override
  public String toString() {
    String where = field == null || field.isEmpty() ? "(document)" : field;
    return (line == null ? "" : "line " + line + ": ") + where + ": " + message;
  }
}
