package io.trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.run.RunStatus;
import io.trainyard.run.StageStatus;
import io.trainyard.run.StepStatus;
import io.trainyard.run.StepState;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The summary at the end of a run: a table for people, or one JSON document with {@code -o json}. */
final class RunReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunReport() {}

  static void print(RunStatus status, String workflowId, String format, PrintStream out) {
    if ("json".equals(format)) {
      try {
        out.println(JSON.writeValueAsString(new RunSummary(workflowId, status)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    out.println();
    out.printf("Run       %s  (pipeline %s, version %s, workflow %s)%n",
        status.runId(), status.pipeline(), shortDigest(status.pipelineVersion()), workflowId);
    out.printf("Status    %s%s%n", status.state(), status.message() == null ? "" : " - " + status.message());
    out.println();
    out.printf("%-9s %-10s %-9s %-9s %s%n", "STAGE", "STATUS", "ATTEMPTS", "DURATION", "DETAIL");
    for (StageStatus stage : status.stages()) {
      out.printf("%-9s %-10s %-9s %-9s %s%n",
          stage.stage().name().toLowerCase(), stage.state().name().toLowerCase(),
          stage.attempts() == 0 ? "-" : Integer.toString(stage.attempts()),
          stage.state() == StepState.PENDING ? "-" : seconds(stage.durationMillis()),
          detail(status, stage));
    }
    out.println();
    out.printf("Metrics   %s%n", new TreeMap<>(status.metrics()).entrySet().stream()
        .map(e -> e.getKey() + "=" + number(e.getValue()))
        .collect(Collectors.joining("  ")));
    if (status.model() != null) {
      out.printf("Model     %s version %d  %s  alias %s%n",
          status.model().model(), status.model().version(),
          status.model().artifact() == null ? "" : "sha256:" + shortDigest(status.model().artifact().sha256()),
          status.alias() == null ? "(none)" : status.alias());
    }
  }

  /** The stage's own detail, or that its steps' results came from the cache. */
  private static String detail(RunStatus status, StageStatus stage) {
    if (stage.detail() != null) {
      return stage.detail();
    }
    List<StepStatus> steps = status.steps().stream().filter(s -> s.stage() == stage.stage()).toList();
    return !steps.isEmpty() && steps.stream().allMatch(StepStatus::cached) ? "cached" : "";
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e12
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.4f", value);
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  private static String shortDigest(String digest) {
    if (digest == null) {
      return "-";
    }
    String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** The JSON document of {@code -o json}. */
  record RunSummary(String workflowId, RunStatus run) {}
}
