package io.trainyard.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline document or run parameters that are not valid, with every error found. */
public class SpecValidationException extends RuntimeException {
  private final List<SpecError> errors;

  public SpecValidationException(List<SpecError> errors) {
    super(errors.stream().map(SpecError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  /** Every error, in source order. */
  public List<SpecError> errors() {
    return errors;
  }
}
