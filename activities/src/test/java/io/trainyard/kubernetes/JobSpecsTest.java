package io.trainyard.kubernetes;

import static io.trainyard.kubernetes.JobFixtures.CPU;
import static io.trainyard.kubernetes.JobFixtures.GPU_A100;
import static io.trainyard.kubernetes.JobFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecsTest {

  @Test
  void sameRequestSameJob() {
    Job first = JobSpecs.job(JobFixtures.train("run-1", 1, GPU_A100), SETTINGS);
    Job again = JobSpecs.job(JobFixtures.train("run-1", 1, GPU_A100), SETTINGS);
    assertThat(Serialization.asYaml(again)).isEqualTo(Serialization.asYaml(first));
    assertThat(first.getMetadata().getName()).isEqualTo("ty-run-1-train-1");
    assertThat(first.getMetadata().getNamespace()).isEqualTo("trainyard-runs");
  }

  @Test
  void jobAndPodCarryTheLabels() {
    Job job = JobSpecs.job(JobFixtures.train("run-1", 2, GPU_A100), SETTINGS);
    Map<String, String> expected = JobNames.labels("run-1", "train", 2, "gpu-a100");
    assertThat(job.getMetadata().getLabels()).isEqualTo(expected).containsEntry("trainyard.io/attempt", "2");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(expected);
  }

  @Test
  void gpuClassAsksForGpusInLimitsWithNodeSelectorTolerationsAndPriority() {
    PodSpec pod = JobSpecs.job(JobFixtures.train("run-1", 1, GPU_A100), SETTINGS).getSpec().getTemplate().getSpec();
    Container step = pod.getContainers().get(0);
    assertThat(step.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("64Gi"));
    assertThat(step.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("2"))
        .containsEntry("cpu", new Quantity("8"));
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("cloud.google.com/gke-accelerator", "nvidia-tesla-a100"));
    assertThat(pod.getTolerations()).extracting(Toleration::getKey, Toleration::getOperator, Toleration::getValue, Toleration::getEffect)
        .containsExactly(
            tuple("nvidia.com/gpu", "Exists", null, "NoSchedule"),
            tuple("cloud.google.com/gke-spot", "Equal", "true", "NoSchedule"));
    assertThat(pod.getPriorityClassName()).isEqualTo("training");
    NodeAffinity affinity = pod.getAffinity().getNodeAffinity();
    assertThat(affinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()).singleElement()
        .satisfies(term -> assertThat(term.getMatchExpressions())
            .extracting(NodeSelectorRequirement::getKey, NodeSelectorRequirement::getOperator, NodeSelectorRequirement::getValues)
            .containsExactly(
                tuple("cloud.google.com/gke-accelerator", "In", List.of("nvidia-tesla-a100", "nvidia-a100-80gb")),
                tuple("cloud.google.com/gke-spot", "Exists", null)));
    assertThat(affinity.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies(preferred -> {
      assertThat(preferred.getWeight()).isEqualTo(50);
      assertThat(preferred.getPreference().getMatchExpressions()).singleElement()
          .satisfies(e -> assertThat(e.getKey()).isEqualTo("topology.kubernetes.io/zone"));
    });
  }

  @Test
  void cpuClassHasNoGpuNoSelectorNoTolerations() {
    PodSpec pod = JobSpecs.job(JobFixtures.train("run-1", 1, CPU), SETTINGS).getSpec().getTemplate().getSpec();
    Container step = pod.getContainers().get(0);
    assertThat(step.getResources().getLimits()).containsOnlyKeys("memory");
    assertThat(step.getResources().getRequests()).containsOnlyKeys("cpu", "memory", "ephemeral-storage");
    assertThat(pod.getNodeSelector()).isNullOrEmpty();
    assertThat(pod.getTolerations()).isEmpty();
    assertThat(pod.getPriorityClassName()).isNull();
    assertThat(pod.getAffinity()).isNull();
  }

  @Test
  void contractEnvironmentAndSecretsByReferenceOnly() {
    Container step = container(JobFixtures.train("run-1", 1, CPU));
    Map<String, String> values = new HashMap<>();
    step.getEnv().stream().filter(e -> e.getValueFrom() == null).forEach(e -> values.put(e.getName(), e.getValue()));
    assertThat(values).isEqualTo(JobFixtures.contract("run-1", "train", 1));
    EnvVar secret = step.getEnv().stream().filter(e -> e.getName().equals("WANDB_API_KEY")).findFirst().orElseThrow();
    assertThat(secret.getValue()).isNull();
    assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("wandb");
    assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("api-key");
  }

  @Test
  void missingContractVariableOrClashingSecretIsRefused() {
    JobRequest full = JobFixtures.train("run-1", 1, CPU);
    Map<String, String> partial = new HashMap<>(full.environment());
    partial.remove("TRAINYARD_CHECKPOINT_DIR");
    assertThatThrownBy(() -> JobSpecs.job(new JobRequest("run-1", full.step(), 1, CPU, partial, Map.of()), SETTINGS))
        .hasMessageContaining("TRAINYARD_CHECKPOINT_DIR");
    assertThatThrownBy(() -> JobSpecs.job(new JobRequest("run-1", full.step(), 1, CPU, full.environment(),
            Map.of("TRAINYARD_PARAMS", new SecretKey("s", "k"))), SETTINGS))
        .hasMessageContaining("TRAINYARD_PARAMS is both");
  }

  @Test
  void builtinRunsInTrainyardsImageThroughTheStepEntryPoint() {
    Container step = container(JobFixtures.train("run-1", 1, CPU));
    assertThat(step.getImage()).isEqualTo("registry.example/trainyard:0.1.0");
    assertThat(step.getCommand()).containsExactly("trainyard", "step", "--builtin", "tribuo-train");
  }

  @Test
  void commandStepsRunTheirImageAndArgvOrTheirShellLine() {
    JobRequest argv = new JobRequest("run-1", JobFixtures.step("fit", null, List.of("python", "fit.py"), "pytorch/pytorch:2.4", "1h"),
        1, GPU_A100, JobFixtures.contract("run-1", "fit", 1), Map.of());
    assertThat(container(argv).getImage()).isEqualTo("pytorch/pytorch:2.4");
    assertThat(container(argv).getCommand()).containsExactly("python", "fit.py");
    JobRequest shell = new JobRequest("run-1", JobFixtures.step("fit", "python fit.py --epochs 3", List.of(), null, "1h"),
        1, CPU, JobFixtures.contract("run-1", "fit", 1), Map.of());
    assertThat(container(shell).getImage()).isEqualTo("registry.example/trainyard:0.1.0");
    assertThat(container(shell).getCommand()).containsExactly("/bin/sh", "-c", "python fit.py --epochs 3");
  }

  @Test
  void temporalOwnsRetriesAndTheTimeoutIsTheDeadline() {
    Job job = JobSpecs.job(JobFixtures.train("run-1", 1, CPU), SETTINGS);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void disruptionIsIgnoredAndANonZeroExitFailsTheJob() {
    List<PodFailurePolicyRule> rules = JobSpecs.job(JobFixtures.train("run-1", 1, CPU), SETTINGS)
        .getSpec().getPodFailurePolicy().getRules();
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).getAction()).isEqualTo("Ignore");
    assertThat(rules.get(0).getOnPodConditions()).singleElement()
        .satisfies(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("DisruptionTarget=True"));
    assertThat(rules.get(1).getAction()).isEqualTo("FailJob");
    assertThat(rules.get(1).getOnExitCodes().getContainerName()).isEqualTo(JobSpecs.CONTAINER);
    assertThat(rules.get(1).getOnExitCodes().getOperator()).isEqualTo("NotIn");
    assertThat(rules.get(1).getOnExitCodes().getValues()).containsExactly(0);
  }

  @Test
  void artifactVolumeIsMountedWhenAClaimIsConfigured() {
    Job job = JobSpecs.job(JobFixtures.train("run-1", 1, CPU), SETTINGS);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).singleElement()
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("trainyard-artifacts"));
    assertThat(pod.getContainers().get(0).getVolumeMounts()).singleElement()
        .satisfies(m -> assertThat(m.getName() + ":" + m.getMountPath()).isEqualTo(pod.getVolumes().get(0).getName() + ":/var/lib/trainyard"));

    JobSettings uriOnly = new JobSettings(SETTINGS.image(), SETTINGS.namespace(), null, SETTINGS.artifactMountPath(), 60);
    PodSpec bare = JobSpecs.job(JobFixtures.train("run-1", 1, CPU), uriOnly).getSpec().getTemplate().getSpec();
    assertThat(bare.getVolumes()).isEmpty();
    assertThat(bare.getContainers().get(0).getVolumeMounts()).isEmpty();
  }

  private static Container container(JobRequest request) {
    return JobSpecs.job(request, SETTINGS).getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
