package io.trainyard.bench;

import io.temporal.activity.ActivityInterface;

/** The baseline's trivial activity: the same work as the bench's builtin step (write one small file). */
@ActivityInterface(namePrefix = "Bare.")
public interface BareActivities {
  int touch(int index);
}
