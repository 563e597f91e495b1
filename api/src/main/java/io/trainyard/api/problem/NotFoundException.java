package io.trainyard.api.problem;

/** The thing a request names does not exist (a pipeline, run, model, version, alias, log). */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String what) {
    super(what);
  }
}
