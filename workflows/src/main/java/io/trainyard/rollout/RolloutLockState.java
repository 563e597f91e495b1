package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A rollout lock's state, carried across continue-as-new: who holds the slot, who waits in order,
 * and the history length after which the lock continues as new ({@code 0}: the lock's default).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutLockState(SlotRequest holder, List<SlotRequest> queue, int continueAfterEvents) {
  public RolloutLockState {
    queue = queue == null ? List.of() : List.copyOf(queue);
  }

  /** A lock nobody holds, started by its first request. */
  public static RolloutLockState empty(int continueAfterEvents) {
    return new RolloutLockState(null, List.of(), continueAfterEvents);
  }
}
