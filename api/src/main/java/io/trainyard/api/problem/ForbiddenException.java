package io.trainyard.api.problem;

/**
 * The caller's token is valid and carries the endpoint's role, but the thing itself refuses this
 * caller: four-eyes (approving a run they started), or a role the pipeline's approval policy names.
 */
public class ForbiddenException extends RuntimeException {
  public ForbiddenException(String why) {
    super(why);
  }
}
