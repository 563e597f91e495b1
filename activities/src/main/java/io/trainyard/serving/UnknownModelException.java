package io.trainyard.serving;

/** A request names a model that has no traffic split and no production version. */
public class UnknownModelException extends RuntimeException {

  private final String model;

  public UnknownModelException(String model) {
    super("model '" + model + "' is not served: it has no traffic split and no production version");
    this.model = model;
  }

  /** The model's name. */
  public String model() {
    return model;
  }
}
