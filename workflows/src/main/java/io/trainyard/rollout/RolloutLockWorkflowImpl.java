package io.trainyard.rollout;

import io.temporal.workflow.Workflow;
import io.trainyard.spec.RolloutConcurrency;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * See {@link RolloutLockWorkflow}. Signal handlers only change the state and queue notices; the
 * main loop sends them, so a handler never blocks. A requester that is gone when its notice is sent
 * (its signal fails) leaves the queue; a holder that ended without releasing (terminated: a
 * cancelled or failed run releases on its own) is found by a liveness check every {@link
 * #LIVENESS_CHECK} and loses the slot.
 */
public class RolloutLockWorkflowImpl implements RolloutLockWorkflow {
  /** How often the lock checks that its holder still runs. */
  static final Duration LIVENESS_CHECK = Duration.ofMinutes(5);

  /** History length after which the lock continues as new, unless its state says otherwise. */
  static final int CONTINUE_AFTER_EVENTS = 2000;

  private final RolloutLocks locks = Workflow.newActivityStub(RolloutLocks.class);
  private final List<SlotRequest> queue = new ArrayList<>();
  private final Deque<Outgoing> outbox = new ArrayDeque<>();
  private SlotRequest holder;
  private int continueAfterEvents;

  private record Outgoing(String workflowId, SlotNotice notice) {}

  @Override
  public void hold(RolloutLockState state) {
    holder = state.holder();
    queue.addAll(state.queue());
    continueAfterEvents = state.continueAfterEvents() > 0 ? state.continueAfterEvents() : CONTINUE_AFTER_EVENTS;
    while (true) {
      deliver();
      if (holder == null && !queue.isEmpty()) {
        holder = queue.remove(0);
        outbox.add(new Outgoing(holder.workflowId(), new SlotNotice(SlotNotice.Kind.GRANTED, holder.runId(), "the rollout slot is yours")));
        continue;
      }
      if (holder == null) {
        return;
      }
      if (Workflow.getInfo().getHistoryLength() > continueAfterEvents) {
        Workflow.continueAsNew(new RolloutLockState(holder, queue, continueAfterEvents));
      }
      SlotRequest current = holder;
      boolean changed = Workflow.await(LIVENESS_CHECK, () -> holder != current || !outbox.isEmpty());
      if (!changed && !locks.running(current.workflowId())) {
        leave(current.workflowId());
      }
    }
  }

  /** Send every queued notice; a requester that is gone leaves (which may queue more notices). */
  private void deliver() {
    while (!outbox.isEmpty()) {
      Outgoing next = outbox.poll();
      if (!ExternalSignals.send(next.workflowId(), RolloutSlotHolder.SIGNAL, next.notice())) {
        leave(next.workflowId());
      }
    }
  }

  @Override
  public void request(SlotRequest request) {
    if (known(request.workflowId())) {
      return; // a retried request activity
    }
    boolean busy = holder != null || !queue.isEmpty();
    if (busy && request.policy() == RolloutConcurrency.REJECT) {
      SlotRequest ahead = queue.isEmpty() ? holder : queue.get(queue.size() - 1);
      notify(request, SlotNotice.Kind.REFUSED, ahead,
          ahead.describe() + " is in progress or waiting (rollout.concurrency: reject)");
      return;
    }
    if (request.policy() == RolloutConcurrency.SUPERSEDE) {
      supersede(request);
    }
    // an operator's restore waits only for the rollout in progress (and earlier restores)
    int at = request.restore() ? (int) queue.stream().takeWhile(SlotRequest::restore).count() : queue.size();
    queue.add(at, request);
    tellWhomItWaitsFor(at);
    if (at + 1 < queue.size()) {
      tellWhomItWaitsFor(at + 1);
    }
  }

  /** The request at {@code index} of the queue learns whom it waits for: the one ahead, or the holder. */
  private void tellWhomItWaitsFor(int index) {
    SlotRequest ahead = index == 0 ? holder : queue.get(index - 1);
    if (ahead != null) {
      notify(queue.get(index), SlotNotice.Kind.WAITING, ahead, "waiting for " + ahead.describe());
    }
  }

  /** The waiting runs leave and the holding run is asked to roll back; restores keep their places. */
  private void supersede(SlotRequest newer) {
    String why = "superseded by run " + newer.runId() + " (rollout.concurrency: supersede)";
    List<SlotRequest> dropped = queue.stream().filter(r -> !r.restore()).toList();
    queue.removeAll(dropped);
    dropped.forEach(r -> notify(r, SlotNotice.Kind.SUPERSEDED, newer, why));
    if (holder != null && !holder.restore()) {
      notify(holder, SlotNotice.Kind.SUPERSEDED, newer, why);
    }
  }

  @Override
  public void release(SlotRelease release) {
    leave(release.workflowId());
  }

  /** The workflow gives the slot back or leaves the queue; the one behind it learns whom it waits for now. */
  private void leave(String workflowId) {
    if (holder != null && holder.workflowId().equals(workflowId)) {
      holder = null;
      return;
    }
    for (int i = 0; i < queue.size(); i++) {
      if (queue.get(i).workflowId().equals(workflowId)) {
        queue.remove(i);
        if (i < queue.size()) {
          tellWhomItWaitsFor(i);
        }
        return;
      }
    }
  }

  private boolean known(String workflowId) {
    return (holder != null && holder.workflowId().equals(workflowId))
        || queue.stream().anyMatch(r -> r.workflowId().equals(workflowId));
  }

  private void notify(SlotRequest to, SlotNotice.Kind kind, SlotRequest other, String reason) {
    outbox.add(new Outgoing(to.workflowId(), new SlotNotice(kind, other.runId(), reason)));
  }

  @Override
  public RolloutLockState state() {
    return new RolloutLockState(holder, queue, continueAfterEvents);
  }
}
