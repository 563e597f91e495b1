package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trainyard.run.Stage;
import io.trainyard.run.StepState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AttemptRecorderTest {

  private static final AttemptCost NOT_RUN = AttemptCost.priced(BigDecimal.ONE, Duration.ZERO, Duration.ZERO);
  private static final AttemptStarted START =
      new AttemptStarted("run-1", Stage.TRAIN, "train", 2, "cpu", "builtin", "file:/logs/a", 1_000L, BigDecimal.ONE);
  private static final StepMetrics METRICS = new StepMetrics(Optional.empty());

  @Test
  void anAttemptReportsItsQueueTimeAndItsRunTimeByStepHardwareAndOutcomeButNotItsRun() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AttemptRecorder recorder = new AttemptRecorder(new CallLog(), Duration.ZERO, new StepMetrics(Optional.of(registry)));
    long now = System.currentTimeMillis();
    AttemptStarted start = new AttemptStarted("run-1", Stage.TRAIN, "train", 2, "gpu-a100", "local", "file:/logs/a", now, BigDecimal.ONE);

    recorder.started(start, 1_500).finished(StepState.SUCCEEDED, 0, null, Map.of(), Map.of(), false, NOT_RUN, null, StepRuntime.NONE);
    recorder.started(start, 0).finished(StepState.SUCCEEDED, null, null, Map.of(), Map.of(), true, NOT_RUN, null, StepRuntime.NONE);

    Timer queue = registry.get(StepMetrics.QUEUE).tags("stage", "train", "step", "train", "hardware", "gpu-a100").timer();
    assertThat(queue.count()).isEqualTo(2);
    assertThat(queue.max(TimeUnit.MILLISECONDS)).isEqualTo(1_500);
    assertThat(registry.get(StepMetrics.RUN).tag("outcome", "succeeded").timer().count()).isEqualTo(1);
    assertThat(registry.get(StepMetrics.RUN).tag("outcome", "cached").timer().count()).isEqualTo(1);
    assertThat(registry.getMeters()).flatExtracting(meter -> meter.getId().getTags())
        .extracting(Tag::getValue).doesNotContain("run-1");
  }

  @Test
  void anAttemptEndingWithinTheDelayIsWrittenOnceAtItsEnd() throws Exception {
    CallLog journal = new CallLog();
    AttemptRecorder recorder = new AttemptRecorder(journal, Duration.ofMillis(300), METRICS);

    recorder.started(START).finished(StepState.SUCCEEDED, null, null, Map.of("auc", 0.9), Map.of(), false, NOT_RUN, null, StepRuntime.NONE);
    Thread.sleep(450);

    assertThat(journal.calls()).containsExactly("recorded train#2 SUCCEEDED");
  }

  @Test
  void anAttemptRunningPastTheDelayIsStartedThenFinished() throws Exception {
    CallLog journal = new CallLog();
    AttemptRecorder recorder = new AttemptRecorder(journal, Duration.ofMillis(50), METRICS);

    AttemptRecorder.Recording recording = recorder.started(START);
    assertThat(journal.awaitCalls(1)).containsExactly("started train#2");
    recording.finished(StepState.FAILED, 1, "exit 1", Map.of(), Map.of(), false, NOT_RUN, null, StepRuntime.NONE);

    assertThat(journal.calls()).containsExactly("started train#2", "finished train#2 FAILED");
  }

  @Test
  void theEndWaitsForAStartWriteInFlightSoThatItCannotBeOvertaken() throws Exception {
    CallLog journal = new CallLog();
    journal.startWrite = new CountDownLatch(1);
    AttemptRecorder recorder = new AttemptRecorder(journal, Duration.ofMillis(10), METRICS);

    AttemptRecorder.Recording recording = recorder.started(START);
    assertThat(journal.startEntered.await(5, TimeUnit.SECONDS)).isTrue();
    Thread ender = new Thread(() -> recording.finished(StepState.SUCCEEDED, 0, null, Map.of(), Map.of(), false, NOT_RUN, null, StepRuntime.NONE));
    ender.start();
    ender.join(200);
    assertThat(ender.isAlive()).as("the end waits for the start write in flight").isTrue();
    journal.startWrite.countDown();
    ender.join(5_000);

    assertThat(journal.calls()).containsExactly("started train#2", "finished train#2 SUCCEEDED");
  }

  @Test
  void aStartThatCouldNotBeWrittenIsWrittenWithTheEnd() throws Exception {
    CallLog journal = new CallLog();
    journal.failStarts = true;
    AttemptRecorder recorder = new AttemptRecorder(journal, Duration.ofMillis(10), METRICS);

    AttemptRecorder.Recording recording = recorder.started(START);
    journal.awaitCalls(1);
    recording.finished(StepState.SUCCEEDED, 0, null, Map.of(), Map.of(), false, NOT_RUN, null, StepRuntime.NONE);

    assertThat(journal.calls()).containsExactly("started train#2 (failed)", "recorded train#2 SUCCEEDED");
  }

  @Test
  void withoutADelayTheStartIsWrittenAtOnceInTheCallersThread() {
    CallLog journal = new CallLog();
    AttemptRecorder recorder = new AttemptRecorder(journal, Duration.ZERO, METRICS);

    AttemptRecorder.Recording recording = recorder.started(START);
    assertThat(journal.calls()).containsExactly("started train#2");
    recording.finished(StepState.CANCELLED, null, "cancelled", Map.of(), Map.of(), false, NOT_RUN, null, StepRuntime.NONE);

    assertThat(journal.calls()).containsExactly("started train#2", "finished train#2 CANCELLED");
  }

  @Test
  void aNegativeDelayIsRefusedNamingTheProperty() {
    assertThatThrownBy(() -> new AttemptRecorder(new CallLog(), Duration.ofMillis(-1), METRICS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(AttemptRecorder.START_DELAY);
  }

  /** A journal noting each call, in order. */
  private static final class CallLog implements AttemptJournal {
    private final List<String> calls = new ArrayList<>();
    final CountDownLatch startEntered = new CountDownLatch(1);
    volatile CountDownLatch startWrite;
    volatile boolean failStarts;

    @Override
    public void started(AttemptStarted attempt) {
      startEntered.countDown();
      try {
        if (startWrite != null) {
          startWrite.await();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failStarts) {
        note("started " + attempt.step() + "#" + attempt.attempt() + " (failed)");
        throw new IllegalStateException("registry down");
      }
      note("started " + attempt.step() + "#" + attempt.attempt());
    }

    @Override
    public void finished(AttemptFinished attempt) {
      note("finished " + attempt.step() + "#" + attempt.attempt() + " " + attempt.state());
    }

    @Override
    public BigDecimal spent(String runId) {
      return BigDecimal.ZERO;
    }

    @Override
    public void recorded(AttemptStarted start, AttemptFinished end) {
      note("recorded " + start.step() + "#" + start.attempt() + " " + end.state());
    }

    private synchronized void note(String call) {
      calls.add(call);
      notifyAll();
    }

    synchronized List<String> calls() {
      return List.copyOf(calls);
    }

    synchronized List<String> awaitCalls(int count) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 5_000;
      while (calls.size() < count && System.currentTimeMillis() < deadline) {
        wait(100);
      }
      return List.copyOf(calls);
    }
  }
}
