package io.trainyard.kubernetes;

import io.trainyard.hardware.HardwareClass;
import io.trainyard.spec.StepSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Requests and settings the Kubernetes tests build Jobs from. */
final class JobFixtures {
  static final JobSettings SETTINGS = new JobSettings("registry.example/trainyard:0.1.0", "trainyard-runs", "trainyard-artifacts",
      "/var/lib/trainyard", 3600);

  static final HardwareClass CPU = new HardwareClass("cpu", "1", null, "2Gi", "2Gi", "1Gi", null, 0, "nvidia.com/gpu",
      null, null, null, null, false, BigDecimal.ZERO);

  static final HardwareClass GPU_A100 = new HardwareClass("gpu-a100", "8", null, "64Gi", "64Gi", null, null, 2, "nvidia.com/gpu",
      Map.of("cloud.google.com/gke-accelerator", "nvidia-tesla-a100"),
      List.of("nvidia.com/gpu:NoSchedule", "cloud.google.com/gke-spot=true:NoSchedule"),
      List.of("cloud.google.com/gke-accelerator In nvidia-tesla-a100,nvidia-a100-80gb", "cloud.google.com/gke-spot Exists",
          "50: topology.kubernetes.io/zone In europe-west4-a"),
      "training", true, new BigDecimal("3.67"));

  private JobFixtures() {}

  static StepSpec step(String name, String run, List<String> command, String image, String timeout) {
    return new StepSpec(name, run, image, command, Map.of(), List.of("model"), List.of("gpu-a100"), 2, timeout, null, true, Map.of(), null);
  }

  static Map<String, String> contract(String runId, String step, int attempt) {
    return Map.ofEntries(
        Map.entry("TRAINYARD_RUN_ID", runId),
        Map.entry("TRAINYARD_STEP", step),
        Map.entry("TRAINYARD_ATTEMPT", Integer.toString(attempt)),
        Map.entry("TRAINYARD_SEED", "1234"),
        Map.entry("TRAINYARD_HARDWARE", "gpu-a100"),
        Map.entry("TRAINYARD_PARAMS", "{\"epochs\":20}"),
        Map.entry("TRAINYARD_WITH", "{}"),
        Map.entry("TRAINYARD_INPUT_TRAIN", "/var/lib/trainyard/runs/" + runId + "/split/train"),
        Map.entry("TRAINYARD_OUTPUT_DIR", "/var/lib/trainyard/runs/" + runId + "/" + step + "/" + attempt + "/out"),
        Map.entry("TRAINYARD_CHECKPOINT_DIR", "/var/lib/trainyard/runs/" + runId + "/" + step + "/checkpoint"),
        Map.entry("TRACEPARENT", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
  }

  static JobRequest train(String runId, int attempt, HardwareClass hardware) {
    return new JobRequest(runId, step("train", "builtin:tribuo-train", List.of(), null, "10m"), attempt, hardware,
        contract(runId, "train", attempt), Map.of("WANDB_API_KEY", new SecretKey("wandb", "api-key")));
  }
}
