package io.trainyard.rollout;

import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.trainyard.spec.RolloutConcurrency;
import io.trainyard.spec.RolloutTarget;
import java.util.function.Consumer;

/**
 * A workflow's side of its model's rollout lock: ask, wait for the answer (showing whom it waits
 * for), hold, release. Workflow code: create it inside the workflow that takes the slot, and pass
 * that workflow's {@link RolloutSlotHolder} signals to {@link #onNotice}.
 */
public final class RolloutSlot {
  private final RolloutLocks locks = Workflow.newActivityStub(RolloutLocks.class);
  private final SlotRequest request;
  private SlotNotice waiting;
  private SlotNotice answer;
  private final CompletablePromise<SlotNotice> superseded = Workflow.newPromise();
  private boolean asked;
  private boolean released;

  public RolloutSlot(String runId, String model, RolloutTarget target, RolloutConcurrency policy, boolean restore) {
    this.request = new SlotRequest(
        Workflow.getInfo().getWorkflowId(), runId, model, target, policy, restore, Workflow.getInfo().getTaskQueue());
  }

  /** A notice from the lock. */
  public void onNotice(SlotNotice notice) {
    if (notice.kind() == SlotNotice.Kind.WAITING) {
      waiting = notice;
    } else if (answer == null) {
      answer = notice;
    } else if (notice.kind() == SlotNotice.Kind.SUPERSEDED) {
      superseded.complete(notice);
    }
  }

  /**
   * Ask for the slot and wait for the answer: {@code GRANTED}, or (by policy) {@code REFUSED} or
   * {@code SUPERSEDED}. {@code onWaiting} sees each "waiting for ..." notice as it comes.
   */
  public SlotNotice acquire(Consumer<SlotNotice> onWaiting) {
    asked = true;
    locks.request(request);
    SlotNotice shown = null;
    while (true) {
      SlotNotice seen = shown;
      Workflow.await(() -> answer != null || waiting != seen);
      if (answer != null) {
        return answer;
      }
      shown = waiting;
      onWaiting.accept(shown);
    }
  }

  /** Completes with the notice when a later run supersedes this holder. */
  public Promise<SlotNotice> superseded() {
    return superseded;
  }

  /** Give the slot back, or leave the queue; once, in a scope a cancel cannot stop. */
  public void release() {
    if (!asked || released) {
      return;
    }
    released = true;
    // a lock that ended holds nothing of ours: it ends only when nobody holds or waits
    Workflow.newDetachedCancellationScope(
            () -> ExternalSignals.send(request.lockId(), RolloutLockWorkflow.RELEASE, new SlotRelease(request.workflowId())))
        .run();
  }
}
