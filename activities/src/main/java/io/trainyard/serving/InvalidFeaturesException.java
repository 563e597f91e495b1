package io.trainyard.serving;

/** A prediction request whose features the model cannot read: missing, or not a number. */
public class InvalidFeaturesException extends RuntimeException {

  private final String field;
  private final String reason;

  public InvalidFeaturesException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The request field at fault, such as {@code features.area_worst}. */
  public String field() {
    return field;
  }

  /** What is wrong with it, in the caller's terms. */
  public String reason() {
    return reason;
  }
}
