package io.trainyard.api.run;

import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;
import io.trainyard.step.StepRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Temporal history events as {@link RunHistoryEvent}s: the type named as in the Temporal Web UI, and
 * a one-line detail for the events a reader of a run looks for (activities with their attempt and
 * failure, timers, updates, signals, child workflows, markers, the workflow's own end).
 */
final class HistoryEvents {
  private static final String PREFIX = "EVENT_TYPE_";
  /** The activity type of {@code StepActivities.execute} (its interface's name prefix and the method's name). */
  static final String STEP_EXECUTE = "Step.Execute";

  private HistoryEvents() {}

  /** The event, its payloads read with {@code payloads} (the client's data converter, which decrypts them). */
  static RunHistoryEvent of(HistoryEvent event, DataConverter payloads) {
    return new RunHistoryEvent(
        event.getEventId(),
        Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos()),
        typeName(event.getEventType()),
        detail(event, payloads));
  }

  /** {@code EVENT_TYPE_ACTIVITY_TASK_SCHEDULED} as {@code ActivityTaskScheduled}. */
  static String typeName(EventType type) {
    String name = type.name().startsWith(PREFIX) ? type.name().substring(PREFIX.length()) : type.name();
    StringBuilder camel = new StringBuilder();
    for (String word : name.toLowerCase(Locale.ROOT).split("_")) {
      if (!word.isEmpty()) {
        camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return camel.toString();
  }

  private static String detail(HistoryEvent e, DataConverter payloads) {
    return switch (e.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
        var a = e.getWorkflowExecutionStartedEventAttributes();
        yield a.getWorkflowType().getName() + " on " + a.getTaskQueue().getName();
      }
      case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
        var a = e.getActivityTaskScheduledEventAttributes();
        String type = a.getActivityType().getName();
        yield type + (STEP_EXECUTE.equals(type) ? step(a.getInput(), payloads) : "") + " on " + a.getTaskQueue().getName();
      }
      case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
        var a = e.getActivityTaskStartedEventAttributes();
        yield "of event " + a.getScheduledEventId() + ", attempt " + a.getAttempt();
      }
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
          "of event " + e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
        var a = e.getActivityTaskFailedEventAttributes();
        yield "of event " + a.getScheduledEventId() + ": " + message(a.getFailure());
      }
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
        var a = e.getActivityTaskTimedOutEventAttributes();
        yield "of event " + a.getScheduledEventId() + ": " + message(a.getFailure());
      }
      case EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED ->
          "of event " + e.getActivityTaskCancelRequestedEventAttributes().getScheduledEventId();
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
          "of event " + e.getActivityTaskCanceledEventAttributes().getScheduledEventId();
      case EVENT_TYPE_TIMER_STARTED -> {
        var a = e.getTimerStartedEventAttributes();
        Duration fires = Duration.ofSeconds(a.getStartToFireTimeout().getSeconds(), a.getStartToFireTimeout().getNanos());
        yield "timer " + a.getTimerId() + ", fires after " + fires;
      }
      case EVENT_TYPE_TIMER_FIRED -> "timer " + e.getTimerFiredEventAttributes().getTimerId();
      case EVENT_TYPE_TIMER_CANCELED -> "timer " + e.getTimerCanceledEventAttributes().getTimerId();
      case EVENT_TYPE_MARKER_RECORDED -> e.getMarkerRecordedEventAttributes().getMarkerName();
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName();
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ->
          e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput().getName();
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
        var a = e.getStartChildWorkflowExecutionInitiatedEventAttributes();
        yield a.getWorkflowType().getName() + " " + a.getWorkflowId();
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED ->
          e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getWorkflowId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
          e.getChildWorkflowExecutionCompletedEventAttributes().getWorkflowExecution().getWorkflowId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> {
        var a = e.getChildWorkflowExecutionFailedEventAttributes();
        yield a.getWorkflowExecution().getWorkflowId() + ": " + message(a.getFailure());
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
          e.getChildWorkflowExecutionCanceledEventAttributes().getWorkflowExecution().getWorkflowId();
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> {
        String cause = e.getWorkflowExecutionCancelRequestedEventAttributes().getCause();
        yield cause.isEmpty() ? null : cause;
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> message(e.getWorkflowExecutionFailedEventAttributes().getFailure());
      case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
        String reason = e.getWorkflowExecutionTerminatedEventAttributes().getReason();
        yield reason.isEmpty() ? null : reason;
      }
      default -> null;
    };
  }

  /** " step 'train'" from a step activity's input; nothing when the input does not read as a step request. */
  private static String step(Payloads input, DataConverter payloads) {
    try {
      StepRequest request = payloads.fromPayloads(0, Optional.of(input), StepRequest.class, StepRequest.class);
      return request == null || request.spec() == null ? "" : " step '" + request.spec().name() + "'";
    } catch (RuntimeException unreadable) {
      // an input this API cannot read (an older or newer payload shape, a payload under a key it lacks): no name
      return "";
    }
  }

  /** The failure's message, with its innermost cause's when that says more. */
  private static String message(Failure failure) {
    Failure root = failure;
    while (root.hasCause()) {
      root = root.getCause();
    }
    return root == failure || root.getMessage().isEmpty()
        ? failure.getMessage()
        : failure.getMessage() + " (" + root.getMessage() + ")";
  }
}
