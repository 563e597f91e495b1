package io.trainyard.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.ActivityTaskFailedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.TimerStartedEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.trainyard.temporal.payload.PayloadDataConverter;
import io.trainyard.temporal.payload.PayloadKeys;
import io.trainyard.run.Stage;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepRequest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryEventsTest {
  private static final DataConverter PAYLOADS = DefaultDataConverter.STANDARD_INSTANCE;
  private static final Timestamp AT = Timestamp.newBuilder().setSeconds(1_795_684_221L).setNanos(642_000_000).build();

  @Test
  void typesAreNamedAsTheTemporalWebUiNamesThem() {
    assertThat(HistoryEvents.typeName(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).isEqualTo("ActivityTaskScheduled");
    assertThat(HistoryEvents.typeName(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .isEqualTo("WorkflowExecutionUpdateAccepted");
  }

  @Test
  void anActivityIsNamedWithItsQueueItsAttemptAndItsFailure() {
    RunHistoryEvent scheduled = HistoryEvents.of(HistoryEvent.newBuilder()
        .setEventId(5).setEventTime(AT).setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .setActivityTaskScheduledEventAttributes(ActivityTaskScheduledEventAttributes.newBuilder()
            .setActivityType(ActivityType.newBuilder().setName("Execute"))
            .setTaskQueue(TaskQueue.newBuilder().setName("trainyard-steps-gpu")))
        .build(), PAYLOADS);
    RunHistoryEvent started = HistoryEvents.of(HistoryEvent.newBuilder()
        .setEventId(6).setEventTime(AT).setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .setActivityTaskStartedEventAttributes(ActivityTaskStartedEventAttributes.newBuilder().setScheduledEventId(5).setAttempt(3))
        .build(), PAYLOADS);
    Failure cause = Failure.newBuilder().setMessage("exit code 137")
        .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("trainyard.StepFailed")).build();
    RunHistoryEvent failed = HistoryEvents.of(HistoryEvent.newBuilder()
        .setEventId(7).setEventTime(AT).setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
        .setActivityTaskFailedEventAttributes(ActivityTaskFailedEventAttributes.newBuilder().setScheduledEventId(5)
            .setFailure(Failure.newBuilder().setMessage("step 'train' failed").setCause(cause)))
        .build(), PAYLOADS);

    assertThat(scheduled).isEqualTo(new RunHistoryEvent(5, Instant.parse("2026-11-26T09:10:21.642Z"),
        "ActivityTaskScheduled", "Execute on trainyard-steps-gpu"));
    assertThat(started.detail()).isEqualTo("of event 5, attempt 3");
    assertThat(failed.detail()).isEqualTo("of event 5: step 'train' failed (exit code 137)");
  }

  @Test
  void aStepActivityNamesItsStep() {
    StepSpec spec = new StepSpec("train", "builtin:tribuo-train", null, null, Map.of(), List.of("model"), List.of("gpu"),
        0, "10m", "30s", false, null, null);
    StepRequest request = new StepRequest("r1", Stage.TRAIN, spec, Map.of(), Map.of(), Map.of(), "gpu", 1, null, "p", "m");
    RunHistoryEvent scheduled = HistoryEvents.of(HistoryEvent.newBuilder()
        .setEventId(23).setEventTime(AT).setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .setActivityTaskScheduledEventAttributes(ActivityTaskScheduledEventAttributes.newBuilder()
            .setActivityType(ActivityType.newBuilder().setName(HistoryEvents.STEP_EXECUTE))
            .setTaskQueue(TaskQueue.newBuilder().setName("trainyard-steps-gpu"))
            .setInput(DefaultDataConverter.newDefaultInstance().toPayloads(request).orElseThrow()))
        .build(), PAYLOADS);
    RunHistoryEvent unreadable = HistoryEvents.of(HistoryEvent.newBuilder()
        .setEventId(24).setEventTime(AT).setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .setActivityTaskScheduledEventAttributes(ActivityTaskScheduledEventAttributes.newBuilder()
            .setActivityType(ActivityType.newBuilder().setName(HistoryEvents.STEP_EXECUTE))
            .setTaskQueue(TaskQueue.newBuilder().setName("trainyard-steps-gpu"))
            .setInput(DefaultDataConverter.newDefaultInstance().toPayloads("not a request").orElseThrow()))
        .build(), PAYLOADS);

    assertThat(scheduled.detail()).isEqualTo("Step.Execute step 'train' on trainyard-steps-gpu");
    assertThat(unreadable.detail()).isEqualTo("Step.Execute on trainyard-steps-gpu");

    DataConverter keyed = PayloadDataConverter.of(
        PayloadKeys.parse("k1=" + Base64.getEncoder().encodeToString(new byte[32]) + ",current=k1", "test"), 0);
    HistoryEvent encrypted = HistoryEvent.newBuilder()
        .setEventId(25).setEventTime(AT).setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .setActivityTaskScheduledEventAttributes(ActivityTaskScheduledEventAttributes.newBuilder()
            .setActivityType(ActivityType.newBuilder().setName(HistoryEvents.STEP_EXECUTE))
            .setTaskQueue(TaskQueue.newBuilder().setName("trainyard-steps-gpu"))
            .setInput(keyed.toPayloads(request).orElseThrow()))
        .build();
    assertThat(HistoryEvents.of(encrypted, keyed).detail()).as("decrypted with the client's converter")
        .isEqualTo("Step.Execute step 'train' on trainyard-steps-gpu");
    assertThat(HistoryEvents.of(encrypted, PAYLOADS).detail()).isEqualTo("Step.Execute on trainyard-steps-gpu");
  }

  @Test
  void aTimerSaysWhenItFires() {
    RunHistoryEvent timer = HistoryEvents.of(HistoryEvent.newBuilder()
        .setEventId(9).setEventTime(AT).setEventType(EventType.EVENT_TYPE_TIMER_STARTED)
        .setTimerStartedEventAttributes(TimerStartedEventAttributes.newBuilder().setTimerId("bake-1")
            .setStartToFireTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(120)))
        .build(), PAYLOADS);

    assertThat(timer.detail()).isEqualTo("timer bake-1, fires after PT2M");
  }
}
