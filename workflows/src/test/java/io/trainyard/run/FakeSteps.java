package io.trainyard.run;

import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.failure.FailureTypes;
import io.trainyard.step.StepActivities;
import io.trainyard.step.StepRequest;
import io.trainyard.step.StepResult;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Steps that succeed, fail a set number of times, block until cancelled, or find no room on a hardware
 * class; a step with a {@code cost} adds it to its run's spend, and against a budget behaves as the
 * real step activity does: it does not start once the spend is past the budget, and is stopped with
 * the figures when its cost would cross it.
 */
final class FakeSteps implements StepActivities {
  final Map<String, Integer> failures = new ConcurrentHashMap<>();
  final Map<String, Map<String, Double>> metrics = new ConcurrentHashMap<>();
  final List<StepRequest> requests = new CopyOnWriteArrayList<>();
  final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
  final CountDownLatch blockingStarted = new CountDownLatch(1);
  final Set<String> unschedulable = ConcurrentHashMap.newKeySet();
  volatile String blockOn;
  final Map<String, BigDecimal> cost = new ConcurrentHashMap<>();
  final Map<String, BigDecimal> spent = new ConcurrentHashMap<>();

  FakeSteps() {
    metrics.put("evaluate", Map.of("accuracy", 0.95, "auc", 0.97));
  }

  @Override
  public StepResult execute(StepRequest request) {
    requests.add(request);
    String name = request.spec().name();
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    int stepAttempt = request.firstAttempt() - 1 + attempt;
    if (unschedulable.contains(request.hardwareClass())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no node for " + request.hardwareClass(), FailureTypes.UNSCHEDULABLE, request.hardwareClass(), stepAttempt);
    }
    if (name.equals(blockOn)) {
      block(name);
    }
    spend(request);
    if (attempt <= failures.getOrDefault(name, 0)) {
      throw ApplicationFailure.newFailure("attempt " + attempt + " of " + name + " failed", "trainyard.StepFailed");
    }
    Map<String, ArtifactRef> outputs = new LinkedHashMap<>();
    request.spec().outputs().forEach(o -> outputs.put(o, new ArtifactRef("file:///store/" + name + "/" + o, "sha-" + name + "-" + o)));
    return new StepResult(outputs, metrics.getOrDefault(name, Map.of()), stepAttempt, false, request.hardwareClass(),
        request.budget() == null ? null : spent.getOrDefault(request.runId(), BigDecimal.ZERO), null);
  }

  private void spend(StepRequest request) {
    BigDecimal before = spent.getOrDefault(request.runId(), BigDecimal.ZERO);
    BigDecimal budget = request.budget();
    if (budget != null && before.compareTo(budget) > 0) {
      throw overBudget(request, budget, before, "not started");
    }
    BigDecimal after = spent.merge(request.runId(), cost.getOrDefault(request.spec().name(), BigDecimal.ZERO), BigDecimal::add);
    if (budget != null && after.compareTo(budget) > 0) {
      throw overBudget(request, budget, after, "stopped");
    }
  }

  private static ApplicationFailure overBudget(StepRequest request, BigDecimal budget, BigDecimal spent, String what) {
    return ApplicationFailure.newNonRetryableFailure(
        "the run spent " + spent.toPlainString() + " of its budget " + budget.toPlainString() + ": step '"
            + request.spec().name() + "' " + what,
        FailureTypes.BUDGET_EXCEEDED, budget.toPlainString(), spent.toPlainString());
  }

  private void block(String name) {
    blockingStarted.countDown();
    try {
      while (true) {
        Activity.getExecutionContext().heartbeat("working");
        Thread.sleep(50);
      }
    } catch (ActivityCompletionException e) {
      cancelled.put(name, true);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
