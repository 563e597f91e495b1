package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pods one Job ran, as one attempt's executor saw them: each pod's log followed while it runs
 * and closed with how it ended, the pods Kubernetes disrupted (condition {@code DisruptionTarget}:
 * eviction, preemption, node shutdown), since when the current pod has been unschedulable, how
 * long their step containers ran (what the attempt is priced by), and which image the one that
 * succeeded ran.
 */
final class JobPods implements AutoCloseable {
  static final String DISRUPTION_TARGET = "DisruptionTarget";

  private final AttemptLog logs;
  private final int maxDisruptions;
  private final Map<String, Pod> seen = new LinkedHashMap<>();
  private final Set<String> logged = new HashSet<>();
  private final Set<String> disrupted = new HashSet<>();
  private final Map<String, LogWatch> following = new HashMap<>();
  /** When a pod was seen gone without having been seen to end. */
  private final Map<String, Instant> goneAt = new HashMap<>();
  private final Set<String> unfollowable = new HashSet<>();
  private Pod current;
  private Long unschedulableSince;

  JobPods(AttemptLog logs, int maxDisruptions) {
    this.logs = logs;
    this.maxDisruptions = maxDisruptions;
  }

  /** Take in the Job's pods as they are now: follow the ones that run, close the ones that ended, count disruptions. */
  void observe(List<Pod> pods) {
    List<Pod> sorted = pods.stream()
        .sorted(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName()))
        .toList();
    Set<String> present = new HashSet<>();
    for (Pod pod : sorted) {
      String name = pod.getMetadata().getName();
      present.add(name);
      seen.put(name, pod);
      if (disruption(pod).isPresent()) {
        disrupted.add(name);
      }
      if (ended(pod)) {
        end(pod, outcome(pod));
      } else if (started(pod) && !following.containsKey(name) && !unfollowable.contains(name)) {
        LogWatch followed = logs.follow(pod);
        if (followed == null) {
          unfollowable.add(name);
        } else {
          following.put(name, followed);
        }
      }
    }
    // a pod deleted before it was seen to end (an eviction removes the pod object)
    for (Map.Entry<String, Pod> pod : new ArrayList<>(seen.entrySet())) {
      if (!present.contains(pod.getKey())) {
        if (!ended(pod.getValue())) {
          goneAt.putIfAbsent(pod.getKey(), Instant.now());
        }
        end(pod.getValue(), "deleted");
      }
    }
    current = sorted.stream().filter(p -> !ended(p)).reduce((a, b) -> b)
        .orElse(sorted.isEmpty() ? current : sorted.get(sorted.size() - 1));
    if (current != null && !ended(current) && unschedulable(current)) {
      unschedulableSince = unschedulableSince == null ? System.nanoTime() : unschedulableSince;
    } else {
      unschedulableSince = null;
    }
  }

  private void end(Pod pod, String outcome) {
    String name = pod.getMetadata().getName();
    if (!logged.add(name)) {
      return;
    }
    LogWatch followed = following.remove(name);
    if (followed != null) {
      logs.ended(pod, followed, outcome);
    } else {
      logs.pod(pod, outcome);
    }
    Optional<PodCondition> disruption = disruption(pod);
    if (disrupted.contains(name)) {
      logs.note("pod " + name + " disrupted" + disruption.map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")").orElse("")
          + "; " + disrupted.size() + " of " + maxDisruptions + " tolerated, the Job replaces it");
    }
  }

  /** Stop following the logs of pods that still run (the attempt stops waiting for them). */
  @Override
  public void close() {
    following.values().forEach(LogWatch::close);
    following.clear();
  }

  /** The attempt log the pods' logs go to. */
  AttemptLog logs() {
    return logs;
  }

  /** How many pods Kubernetes disrupted. */
  int disruptions() {
    return disrupted.size();
  }

  /**
   * How long the step containers of the pods seen so far ran, each from its container's start to its
   * termination as the kubelet reported them; a pod that is still running counts until {@code now},
   * one deleted before it was seen to terminate (an eviction that removes the pod) until it was seen
   * gone. A pod whose container never started costs nothing.
   */
  Duration running(Instant now) {
    return seen.values().stream().map(pod -> ran(pod, now)).reduce(Duration.ZERO, Duration::plus);
  }

  /** The part of {@link #running} spent in pods that Kubernetes disrupted. */
  Duration preempted(Instant now) {
    return seen.values().stream()
        .filter(pod -> disrupted.contains(pod.getMetadata().getName()))
        .map(pod -> ran(pod, now))
        .reduce(Duration.ZERO, Duration::plus);
  }

  private Duration ran(Pod pod, Instant now) {
    Optional<ContainerStatus> container = container(pod);
    Instant started = container.map(ContainerStatus::getState)
        .map(s -> s.getRunning() != null ? s.getRunning().getStartedAt()
            : s.getTerminated() != null ? s.getTerminated().getStartedAt() : null)
        .map(JobPods::instant)
        .orElse(null);
    if (started == null) {
      return Duration.ZERO;
    }
    Instant ended = container.map(ContainerStatus::getState)
        .map(s -> s.getTerminated() == null ? null : instant(s.getTerminated().getFinishedAt()))
        .orElse(goneAt.getOrDefault(pod.getMetadata().getName(), now));
    return ended.isAfter(started) ? Duration.between(started, ended) : Duration.ZERO;
  }

  private static Optional<ContainerStatus> container(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream().filter(s -> JobSpecs.CONTAINER.equals(s.getName())).findFirst();
  }

  private static Instant instant(String timestamp) {
    if (timestamp == null) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** How long the current pod has been unschedulable, in nanoseconds; -1 when it is not. */
  long unschedulableNanos() {
    return unschedulableSince == null ? -1 : System.nanoTime() - unschedulableSince;
  }

  /** What the scheduler said of the current pod ({@code 0/3 nodes are available: ...}); empty when it was scheduled. */
  String unschedulableMessage() {
    if (current == null || unschedulableSince == null) {
      return "";
    }
    return condition(current, "PodScheduled").map(PodCondition::getMessage).orElse("");
  }

  /** The latest pod, preferring one that still runs; null before the first. */
  Pod current() {
    return current;
  }

  /**
   * The {@code imageID} the kubelet reported for the step container of the pod that succeeded (what
   * {@link ImageDigests} reads a digest from); null when no pod succeeded or its status names none.
   */
  String succeededImageId() {
    return seen.values().stream()
        .filter(pod -> "Succeeded".equals(phase(pod)))
        .map(JobPods::container)
        .flatMap(Optional::stream)
        .map(ContainerStatus::getImageID)
        .filter(id -> id != null && !id.isBlank())
        .reduce((first, last) -> last)
        .orElse(null);
  }

  /** The exit code of the step container in the pod that failed the Job (a disrupted pod does not). */
  Integer failedExitCode() {
    Integer code = null;
    for (Pod pod : seen.values()) {
      if (!disrupted.contains(pod.getMetadata().getName())) {
        Integer exit = exitCode(pod);
        if (exit != null && exit != 0) {
          code = exit;
        }
      }
    }
    return code;
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
  }

  /** True once the step container has started, so that its log can be followed. */
  static boolean started(Pod pod) {
    if ("Running".equals(phase(pod))) {
      return true;
    }
    return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream()
            .anyMatch(s -> JobSpecs.CONTAINER.equals(s.getName()) && s.getState() != null && s.getState().getRunning() != null);
  }

  static boolean ended(Pod pod) {
    String phase = phase(pod);
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  static Optional<PodCondition> disruption(Pod pod) {
    return condition(pod, DISRUPTION_TARGET).filter(c -> "True".equals(c.getStatus()));
  }

  static boolean unschedulable(Pod pod) {
    return condition(pod, "PodScheduled")
        .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
        .isPresent();
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static Integer exitCode(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> JobSpecs.CONTAINER.equals(s.getName()))
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getTerminated() != null)
        .map(s -> s.getTerminated().getExitCode())
        .findFirst()
        .orElse(null);
  }

  private static String outcome(Pod pod) {
    StringBuilder outcome = new StringBuilder(phase(pod));
    Optional<PodCondition> disruption = disruption(pod);
    if (disruption.isPresent()) {
      outcome.append('/').append(DISRUPTION_TARGET).append(": ").append(disruption.get().getReason());
    } else if (pod.getStatus().getReason() != null) {
      outcome.append('/').append(pod.getStatus().getReason());
    }
    Integer exit = exitCode(pod);
    if (exit != null) {
      outcome.append(", exit code ").append(exit);
    }
    return outcome.toString();
  }
}
