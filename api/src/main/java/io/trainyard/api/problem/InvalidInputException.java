package io.trainyard.api.problem;

import java.util.List;

/** The request's content is invalid; every offending field is named with what was expected. */
public class InvalidInputException extends RuntimeException {
  private final List<FieldProblem> errors;

  public InvalidInputException(String summary, List<FieldProblem> errors) {
    super(summary);
    this.errors = List.copyOf(errors);
  }

  /** One offending field. */
  public static InvalidInputException field(String field, String message) {
    return new InvalidInputException(field + ": " + message, List.of(new FieldProblem(field, message)));
  }

  public List<FieldProblem> errors() {
    return errors;
  }
}
