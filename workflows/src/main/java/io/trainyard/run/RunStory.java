package io.trainyard.run;

import static io.trainyard.run.Markdown.code;
import static io.trainyard.run.Markdown.text;

import io.trainyard.gate.GateResult;
import io.trainyard.rollout.RolloutStatus;
import io.trainyard.rollout.RolloutStory;
import io.trainyard.spec.ApprovalPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run told for the Temporal Web UI, so that its page reads without decoding payloads: the static
 * summary and details its start gives it, and the current details (markdown) its workflow keeps up
 * to date. Pure: the same run and status give the same text, so workflow code may call it.
 */
public final class RunStory {
  private static final int SHORT_DIGEST = 12;

  private RunStory() {}

  /** One line: {@code breast-cancer-classifier · breast-cancer 3f9a1c2b7d4e · run 1a2b3c4d5e6f}. */
  public static String summary(RunInput input) {
    return input.spec().model().name() + " · " + input.spec().name() + " " + shortDigest(input.pipelineVersion())
        + " · run " + input.runId();
  }

  /** What the run was started with: model, pipeline and version, parameters, who and through what, which code. */
  public static String details(RunInput input) {
    StringBuilder out = new StringBuilder();
    out.append("Run ").append(code(input.runId())).append(" of pipeline ").append(code(input.spec().name()))
        .append(" (version ").append(code(input.pipelineVersion())).append(") trains model ")
        .append(code(input.spec().model().name())).append(".\n\n");
    out.append("- started by ").append(text(input.startedBy())).append(" via ").append(text(input.trigger().describe()))
        .append('\n');
    out.append("- code version ").append(code(input.codeVersion())).append('\n');
    if (input.budget() != null) {
      out.append("- budget ").append(code(input.budget().stripTrailingZeros().toPlainString()))
          .append(": the run stops when its spend crosses it\n");
    }
    out.append('\n');
    if (input.params().isEmpty()) {
      out.append("No parameters.\n");
    } else {
      List<List<String>> rows = new ArrayList<>();
      new TreeMap<>(input.params()).forEach((name, value) -> rows.add(List.of(text(name), text(value))));
      out.append(Markdown.table(List.of("parameter", "value"), rows));
    }
    return out.toString();
  }

  /**
   * Where the run stands: its state and stage, the stage and step tables, metrics, the gate's rules,
   * the approval it waits for and who may give it, the rollout, and how it ended. {@code
   * canaryWorkflowId}: the rollout child while it runs, else null.
   */
  static String current(RunInput input, RunStatus status, String canaryWorkflowId) {
    StringBuilder out = new StringBuilder();
    out.append("**").append(status.state()).append("** · stage **").append(lower(status.stage())).append("**");
    if (status.message() != null) {
      out.append(" · ").append(text(status.message()));
    }
    out.append("\n\n");
    out.append(stages(status)).append('\n');
    if (!status.steps().isEmpty()) {
      out.append(steps(status)).append('\n');
    }
    if (!status.metrics().isEmpty()) {
      out.append("**Metrics**\n\n").append(metrics(status.metrics())).append('\n');
    }
    if (status.gate() != null) {
      out.append("**Gate rules** ").append(status.gate().passed() ? "passed" : "failed").append("\n\n")
          .append(rules(status.gate())).append('\n');
    }
    if (status.pendingApproval() != null) {
      out.append(approval(input.spec().gate().approval(), status)).append("\n\n");
    }
    String rollout = rollout(status, canaryWorkflowId);
    if (!rollout.isEmpty()) {
      out.append(rollout).append('\n');
    }
    if (status.model() != null) {
      out.append("**Model** ").append(code(status.model().label()))
          .append(status.alias() == null ? "" : " at " + code(status.alias())).append('\n');
    }
    return out.toString();
  }

  private static String stages(RunStatus status) {
    List<List<String>> rows = new ArrayList<>();
    for (StageStatus s : status.stages()) {
      boolean ran = s.state() != StepState.PENDING && s.state() != StepState.RUNNING;
      rows.add(List.of(
          s.stage() == status.stage() ? "**" + lower(s.stage()) + "**" : lower(s.stage()),
          lower(s.state()),
          Markdown.time(s.startedAtMillis()),
          ran ? Markdown.duration(s.durationMillis()) : "",
          s.attempts() == 0 ? "" : Integer.toString(s.attempts()),
          text(s.detail())));
    }
    return Markdown.table(List.of("stage", "state", "started", "took", "attempts", "detail"), rows);
  }

  private static String steps(RunStatus status) {
    List<List<String>> rows = new ArrayList<>();
    for (StepStatus s : status.steps()) {
      boolean ran = s.state() != StepState.PENDING && s.state() != StepState.RUNNING;
      rows.add(List.of(
          text(s.name()),
          lower(s.stage()),
          lower(s.state()) + (s.cached() ? " (cached)" : ""),
          s.attempts() == 0 ? "" : Integer.toString(s.attempts()),
          text(s.hardware()),
          ran ? Markdown.duration(s.durationMillis()) : "",
          s.time() == null ? "" : Markdown.elapsed(s.time().queueMillis()),
          s.time() == null ? "" : Markdown.elapsed(s.time().startupMillis()),
          s.time() == null ? "" : Markdown.elapsed(s.time().runningMillis()),
          s.time() == null ? "" : Markdown.elapsed(s.time().engineMillis()),
          text(s.error())));
    }
    // where the succeeded attempt's time went (docs/operations.md#where-a-runs-time-went)
    return Markdown.table(List.of("step", "stage", "state", "attempts", "on", "took", "queue", "start-up", "run", "engine", "error"), rows);
  }

  private static String metrics(Map<String, Double> metrics) {
    List<List<String>> rows = new ArrayList<>();
    new TreeMap<>(metrics).forEach((name, value) -> rows.add(List.of(text(name), Markdown.number(value))));
    return Markdown.table(List.of("metric", "value"), rows);
  }

  private static String rules(GateResult gate) {
    List<List<String>> rows = new ArrayList<>();
    gate.results().forEach(r -> rows.add(List.of(text(r.rule()), r.passed() ? "held" : "failed", text(r.detail()))));
    return Markdown.table(List.of("rule", "result", "detail"), rows);
  }

  private static String approval(ApprovalPolicy policy, RunStatus status) {
    PendingApproval pending = status.pendingApproval();
    StringBuilder out = new StringBuilder("**Waiting for approval**: ")
        .append(pending.approvedBy().size()).append(" of ").append(pending.required())
        .append(" approval").append(pending.required() == 1 ? "" : "s").append(" by role ").append(code(pending.role()));
    if (pending.fourEyes()) {
      out.append(", four-eyes (").append(text(status.startedBy())).append(", who started the run, may not approve)");
    }
    out.append(". Approved so far: ")
        .append(pending.approvedBy().isEmpty() ? "nobody" : text(String.join(", ", pending.approvedBy())))
        .append(". Deadline ").append(Markdown.time(pending.deadlineMillis()))
        .append(", then the policy ").append(lower(policy.onTimeout())).append("s.");
    return out.toString();
  }

  private static String rollout(RunStatus status, String canaryWorkflowId) {
    RolloutStatus rollout = status.rollout();
    if (rollout != null) {
      return "**Rollout** " + RolloutStory.outcome(rollout) + "\n\n" + RolloutStory.analyses(rollout.analyses());
    }
    if (canaryWorkflowId != null) {
      // the run learns the canary's progress when it ends; until then the child tells it
      return "**Rollout** in child workflow " + code(canaryWorkflowId)
          + ": its details show the canary's traffic and analyses.\n";
    }
    return "";
  }

  /** The first characters of a version digest, as the CLI shows it. */
  static String shortDigest(String digest) {
    if (digest == null) {
      return "-";
    }
    String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    return hex.length() <= SHORT_DIGEST ? hex : hex.substring(0, SHORT_DIGEST);
  }

  private static String lower(Enum<?> value) {
    return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
  }
}
