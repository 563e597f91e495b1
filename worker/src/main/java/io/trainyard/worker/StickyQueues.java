package io.trainyard.worker;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sticky task queues this process's workers have handed to workflows, seen on the wire: each
 * completed workflow task names the queue its workflow's next tasks go to. The embedded test server
 * never times out the sticky queue of a dead worker (it has no schedule-to-start timer for them and
 * no {@code ResetStickyTaskQueue}), so the next worker on the same home polls these names as
 * ordinary queues and takes the workflows over ({@code trainyard.worker.adopt-queues}).
 */
@Singleton
public class StickyQueues implements ClientInterceptor {
  private final Set<String> names = ConcurrentHashMap.newKeySet();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!method.getFullMethodName().endsWith("/RespondWorkflowTaskCompleted")) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void sendMessage(Q message) {
        if (message instanceof RespondWorkflowTaskCompletedRequest completed && completed.hasStickyAttributes()) {
          handedOver(completed.getStickyAttributes().getWorkerTaskQueue().getName());
        }
        super.sendMessage(message);
      }
    };
  }

  private void handedOver(String name) {
    if (!name.isEmpty() && names.add(name)) {
      listeners.forEach(l -> l.accept(name));
    }
  }

  /** Every sticky queue handed to a workflow so far. */
  public Set<String> names() {
    return Set.copyOf(names);
  }

  /** Call {@code listener} with each queue the first time a workflow is handed it. */
  public void onNewQueue(Consumer<String> listener) {
    listeners.add(listener);
  }
}
