package io.trainyard.api.problem;

/** The request is well formed but the thing's current state does not allow it (approve a run not at the gate). */
public class WrongStateException extends RuntimeException {
  public WrongStateException(String why) {
    super(why);
  }
}
