package io.trainyard.run;

import io.trainyard.gate.RuleResult;
import io.trainyard.rollout.AnalysisRequest;
import io.trainyard.rollout.AnalysisResult;
import io.trainyard.rollout.ReplayResult;
import io.trainyard.rollout.RolloutActivities;
import io.trainyard.rollout.TrafficReplay;
import io.trainyard.rollout.TrafficSplit;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A serving target that records splits and answers analyses as the test sets them. */
final class FakeRollout implements RolloutActivities {
  final List<TrafficSplit> splits = new CopyOnWriteArrayList<>();
  final List<TrafficReplay> replays = new CopyOnWriteArrayList<>();
  volatile boolean canaryHealthy = true;
  /** Answers for the next analyses, in order; once used up, the healthy or unhealthy answer. */
  final Queue<AnalysisResult> scripted = new ConcurrentLinkedQueue<>();

  @Override
  public void route(TrafficSplit split) {
    splits.add(split);
  }

  @Override
  public ReplayResult replay(TrafficReplay replay) {
    replays.add(replay);
    return new ReplayResult(replay.requests(), 0);
  }

  @Override
  public AnalysisResult analyze(AnalysisRequest request) {
    AnalysisResult next = scripted.poll();
    if (next != null) {
      return next;
    }
    double canary = canaryHealthy ? 0.95 : 0.60;
    boolean passed = canaryHealthy;
    return new AnalysisResult(
        passed,
        Map.of("accuracy", canary, "requests", 10.0),
        Map.of("accuracy", 0.94, "requests", 40.0),
        List.of(new RuleResult(request.spec().rules().get(0), passed, "canary " + canary + " vs stable 0.94")));
  }

  TrafficSplit last() {
    return splits.get(splits.size() - 1);
  }
}
