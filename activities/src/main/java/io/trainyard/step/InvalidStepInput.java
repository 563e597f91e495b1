package io.trainyard.step;

/**
 * A builtin step cannot use its input data or settings (a missing column, a cell that does not
 * parse, a setting out of range): the same input fails the same way on every attempt, so the
 * attempt fails as {@code FailureTypes.INVALID_DATA}, without retries. Its message names the file,
 * line and column, never the data it read.
 */
public class InvalidStepInput extends IllegalArgumentException {
  public InvalidStepInput(String message) {
    super(message);
  }
}
