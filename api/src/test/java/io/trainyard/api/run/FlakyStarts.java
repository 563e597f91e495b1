package io.trainyard.api.run;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micronaut.context.annotation.Requires;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import jakarta.inject.Singleton;

/**
 * A gRPC interceptor on the Temporal stubs that makes workflow starts fail the way they fail under
 * load: {@link Mode#LOSE_ANSWER} lets the start reach the server and then loses its answer (the
 * call ends in DEADLINE_EXCEEDED, as when the answer comes too late), {@link Mode#DROP} fails it
 * before it leaves (UNAVAILABLE). Only in stacks that set {@code trainyard.test.flaky-starts}.
 */
@Singleton
@Requires(property = "trainyard.test.flaky-starts")
public class FlakyStarts implements ClientInterceptor {
  /** What happens to the next starts. */
  public enum Mode { PASS, LOSE_ANSWER, DROP }

  private volatile Mode mode = Mode.PASS;

  public void set(Mode mode) {
    this.mode = mode;
  }

  @Override
  public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
    Mode now = mode;
    if (now == Mode.PASS || !method.getFullMethodName().equals(WorkflowServiceGrpc.getStartWorkflowExecutionMethod().getFullMethodName())) {
      return next.newCall(method, options);
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<A> listener, Metadata headers) {
        if (now == Mode.DROP) {
          listener.onClose(Status.UNAVAILABLE.withDescription("dropped by the test"), new Metadata());
          return;
        }
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onMessage(A message) {
            // the answer is lost
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            super.onClose(Status.DEADLINE_EXCEEDED.withDescription("the answer was lost by the test"), new Metadata());
          }
        }, headers);
      }

      @Override
      public void sendMessage(Q message) {
        if (now != Mode.DROP) {
          super.sendMessage(message);
        }
      }

      @Override
      public void halfClose() {
        if (now != Mode.DROP) {
          super.halfClose();
        }
      }

      @Override
      public void request(int n) {
        if (now != Mode.DROP) {
          super.request(n);
        }
      }
    };
  }
}
