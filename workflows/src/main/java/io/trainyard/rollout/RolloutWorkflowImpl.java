package io.trainyard.rollout;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.trainyard.run.RollbackRequest;
import io.trainyard.spec.CanaryStep;
import io.trainyard.spec.Durations;
import io.trainyard.spec.MaxBakeAction;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.RolloutStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Canary rollout on durable timers; rollback runs in a detached scope so a cancel cannot stop it halfway. */
public class RolloutWorkflowImpl implements RolloutWorkflow {
  /** Change id: an analysis without enough canary requests bakes on (up to maxBake) instead of failing. */
  static final String BAKE_UNTIL_ENOUGH_DATA = "bake-until-enough-data";
  /** Change id: the rollout keeps its Web UI current details (traffic, bake, analyses) up to date. */
  static final String WEB_UI_STORY = "web-ui-story";

  private final RolloutActivities rollout = Workflow.newActivityStub(RolloutActivities.class);
  private final List<AnalysisResult> analyses = new ArrayList<>();
  private RolloutPhase phase = RolloutPhase.STARTING;
  private int percent;
  private int step;
  private int steps;
  private RolloutOutcome outcome;
  private String reason;
  private RollbackRequest abort;
  private boolean bakeUntilEnoughData;
  private boolean story;
  private long bakingUntil;

  @Override
  public RolloutStatus rollout(RolloutInput input) {
    RolloutSpec spec = input.spec();
    steps = spec.steps().size();
    ServingChanges serving = new ServingChanges(input.runId());
    story = Workflow.getVersion(WEB_UI_STORY, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    show();
    bakeUntilEnoughData =
        Workflow.getVersion(BAKE_UNTIL_ENOUGH_DATA, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    try {
      for (CanaryStep canary : spec.steps()) {
        step++;
        if (abort == null) {
          bakeAndAnalyse(input, serving, canary);
        }
        if (abort != null) {
          rollBack(serving, input, RollbackReason.REQUESTED, "rollback requested by " + abort.user() + ": " + abort.reason());
          return status();
        }
        AnalysisResult last = analyses.get(analyses.size() - 1);
        if (last.insufficient() && bakeUntilEnoughData) {
          if (spec.analysis().onMaxBake() == MaxBakeAction.ROLLBACK) {
            rollBack(serving, input, RollbackReason.TOO_LITTLE_DATA, "too little canary data at " + canary.traffic() + "% after baking "
                 + Durations.format(spec.analysis().maxBakeFor(canary.bakeDuration())) + ": " + failedRules(last));
            return status();
          }
        } else if (!last.passed() && spec.rollback().automatic()) {
          rollBack(serving, input, RollbackReason.ANALYSIS_FAILED, "canary analysis failed at " + canary.traffic() + "%: " + failedRules(last));
          return status();
        }
      }
      phase = RolloutPhase.PROMOTING;
      show();
      serving.promote(input.candidate(), "canary passed " + steps + " analyses");
      percent = 100;
      finish(RolloutOutcome.PROMOTED, "canary passed every analysis");
      RolloutMetrics.of(input.candidate().model()).ended(RolloutStrategy.CANARY, RolloutOutcome.PROMOTED);
      return status();
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(() -> rollBack(serving, input, RollbackReason.CANCELLED, "run cancelled during rollout")).run();
      throw e;
    } catch (ActivityFailure e) {
      rollBack(serving, input, RollbackReason.STEP_FAILED, "rollout step failed, traffic returned to stable: " + e.getCause().getMessage());
      return status();
    }
  }

  private void bakeAndAnalyse(RolloutInput input, ServingChanges serving, CanaryStep canary) {
    phase = RolloutPhase.BAKING;
    serving.canary(input.stable(), input.candidate(), canary.traffic());
    percent = canary.traffic();
    show();
    if (!bake(input, canary.bakeDuration(), step)) {
      return;
    }
    if (bakeUntilEnoughData) {
      bakeOnWhileDataIsShort(input, canary);
    }
  }

  /**
   * Too few canary requests to judge (a worker restarted and lost the split, or traffic is thin):
   * route the split again (a router that still has it keeps its window), send traffic again, and
   * bake another bake time, until the analysis has its data or the step baked for maxBake.
   */
  private void bakeOnWhileDataIsShort(RolloutInput input, CanaryStep canary) {
    Duration bake = canary.bakeDuration();
    Duration max = input.spec().analysis().maxBakeFor(bake);
    Duration baked = bake;
    int round = 0;
    while (abort == null && analyses.get(analyses.size() - 1).insufficient() && baked.compareTo(max) < 0) {
      Duration more = bake.isZero() || bake.compareTo(max.minus(baked)) > 0 ? max.minus(baked) : bake;
      phase = RolloutPhase.BAKING;
      rollout.route(new TrafficSplit(input.stable(), input.candidate(), canary.traffic()));
      round++;
      if (!bake(input, more, step * 1000L + round)) {
        return;
      }
      baked = baked.plus(more);
    }
  }

  /** Replay traffic (when the spec sends some) for one bake, then analyse; false when an abort came first. */
  private boolean bake(RolloutInput input, Duration duration, long seed) {
    List<Promise<ReplayResult>> replays = new ArrayList<>();
    CancellationScope replayScope =
        Workflow.newCancellationScope(
            () -> {
              if (input.traffic() != null) {
                TrafficReplay request =
                    new TrafficReplay(
                        input.candidate().model(), input.traffic(), input.spec().traffic().requests(), seed);
                replays.add(Async.function(rollout::replay, request));
              }
            });
    replayScope.run();
    bakingUntil = Workflow.currentTimeMillis() + duration.toMillis();
    show();
    Workflow.await(duration, () -> abort != null);
    if (abort != null) {
      replayScope.cancel();
      replays.forEach(p -> Workflow.await(p::isCompleted));
      return false;
    }
    replays.forEach(Promise::get);
    phase = RolloutPhase.ANALYSING;
    show();
    analyses.add(rollout.analyze(new AnalysisRequest(input.stable(), input.candidate(), input.spec().analysis())));
    show();
    return true;
  }

  private void rollBack(ServingChanges serving, RolloutInput input, RollbackReason reason, String why) {
    phase = RolloutPhase.ROLLING_BACK;
    show();
    serving.rollBack(input.stable(), input.candidate(), why);
    percent = 0;
    finish(RolloutOutcome.ROLLED_BACK, why);
    RolloutMetrics metrics = RolloutMetrics.of(input.candidate().model());
    metrics.ended(RolloutStrategy.CANARY, RolloutOutcome.ROLLED_BACK);
    metrics.rolledBack(reason);
  }

  private void finish(RolloutOutcome done, String why) {
    outcome = done;
    reason = why;
    phase = RolloutPhase.DONE;
    show();
  }

  /** The canary's progress as the Web UI's current details. */
  private void show() {
    if (story) {
      Workflow.setCurrentDetails(RolloutStory.current(status(), bakingUntil));
    }
  }

  private static String failedRules(AnalysisResult result) {
    return result.results().stream()
        .filter(r -> !r.passed())
        .map(r -> r.rule() + " (" + r.detail() + ")")
        .reduce((a, b) -> a + "; " + b)
        .orElse("no rule passed");
  }

  @Override
  public void abort(RollbackRequest request) {
    if (abort == null) {
      abort = request;
    }
  }

  @Override
  public RolloutStatus status() {
    return new RolloutStatus(phase, percent, step, steps, analyses, outcome, reason);
  }
}
