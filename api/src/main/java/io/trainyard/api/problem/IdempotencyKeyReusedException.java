package io.trainyard.api.problem;

/** An {@code Idempotency-Key} the caller used before came back with a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {
  public IdempotencyKeyReusedException(String why) {
    super(why);
  }
}
