package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirementBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPatternBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.trainyard.hardware.HardwareClass;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.ContractEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Job of one step attempt, as a pure function of the request and the deployment's settings:
 * no client, no clock, the same object for the same input (so a replayed activity builds the Job it
 * created before).
 *
 * <p>Temporal owns retries, so a Job never retries a failed pod ({@code backoffLimit: 0}); a pod
 * that Kubernetes disrupted (condition {@code DisruptionTarget}: preemption, eviction, node
 * shutdown) is ignored by the {@code podFailurePolicy}, and the Job controller replaces it without
 * touching the step's retry budget; a non-zero exit fails the Job at once.
 */
public final class JobSpecs {
  /** The one container of a step pod. */
  public static final String CONTAINER = "step";
  /**
   * How Trainyard's image runs a builtin step: {@code trainyard step --builtin NAME}, with the
   * step contract in the environment like any other step.
   */
  public static final List<String> BUILTIN_ENTRY_POINT = List.of("trainyard", "step", "--builtin");
  /** How a {@code run: "<shell command>"} step runs. */
  public static final List<String> SHELL = List.of("/bin/sh", "-c");
  /** The contract variables every step gets (inputs come as {@code TRAINYARD_INPUT_<NAME>}). */
  public static final List<String> CONTRACT = List.of(
      ContractEnvironment.RUN_ID, ContractEnvironment.STEP, ContractEnvironment.ATTEMPT, ContractEnvironment.SEED,
      ContractEnvironment.HARDWARE, ContractEnvironment.PARAMS, ContractEnvironment.WITH,
      ContractEnvironment.OUTPUT_DIR, ContractEnvironment.CHECKPOINT_DIR, ContractEnvironment.TRACEPARENT);
  static final String ARTIFACT_VOLUME = "artifacts";

  private JobSpecs() {}

  /** The Job that runs {@code request} under {@code settings}. */
  public static Job job(JobRequest request, JobSettings settings) {
    StepSpec step = request.step();
    HardwareClass hardware = request.hardware();
    Map<String, String> labels = JobNames.labels(request.runId(), step.name(), request.attempt(), hardware.name());
    PodSpecBuilder pod = new PodSpecBuilder()
        .withRestartPolicy("Never")
        // steps never talk to the API server: no token in their pods
        .withAutomountServiceAccountToken(false)
        .withContainers(container(request, settings))
        .withNodeSelector(hardware.nodeSelector().isEmpty() ? null : new TreeMap<>(hardware.nodeSelector()))
        .withTolerations(tolerations(hardware))
        .withAffinity(affinity(hardware))
        .withPriorityClassName(hardware.priorityClass());
    if (settings.artifactClaim() != null) {
      pod.addNewVolume()
          .withName(ARTIFACT_VOLUME)
          .withNewPersistentVolumeClaim().withClaimName(settings.artifactClaim()).endPersistentVolumeClaim()
          .endVolume();
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(JobNames.job(request.runId(), step.name(), request.attempt()))
        .withNamespace(settings.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(Math.max(1L, step.timeoutDuration().toSeconds()))
        .withTtlSecondsAfterFinished(settings.ttlSecondsAfterFinished())
        .withPodFailurePolicy(podFailurePolicy())
        // a replacement pod starts only once the disrupted one is gone: never two writers of one checkpoint
        .withPodReplacementPolicy("Failed")
        .withNewTemplate()
        .withNewMetadata().withLabels(labels).endMetadata()
        .withSpec(pod.build())
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The image a step runs in: its own for a command step that names one, Trainyard's otherwise. */
  public static String image(StepSpec step, JobSettings settings) {
    return !step.isBuiltin() && step.image() != null && !step.image().isBlank() ? step.image() : settings.image();
  }

  /** What the container runs: the builtin entry point, the step's argv, or its shell command. */
  public static List<String> command(StepSpec step) {
    List<String> command = new ArrayList<>();
    if (step.isBuiltin()) {
      command.addAll(BUILTIN_ENTRY_POINT);
      command.add(step.builtinName());
    } else if (!step.command().isEmpty()) {
      command.addAll(step.command());
    } else if (step.run() != null && !step.run().isBlank()) {
      command.addAll(SHELL);
      command.add(step.run());
    } else {
      throw new IllegalArgumentException("step '" + step.name() + "': expected run or command");
    }
    return command;
  }

  private static Container container(JobRequest request, JobSettings settings) {
    ContainerBuilder container = new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(image(request.step(), settings))
        .withCommand(command(request.step()))
        .withEnv(env(request))
        .withResources(resources(request.hardware()))
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).endSecurityContext();
    if (settings.artifactClaim() != null) {
      container.addNewVolumeMount().withName(ARTIFACT_VOLUME).withMountPath(settings.artifactMountPath()).endVolumeMount();
    }
    return container.build();
  }

  private static List<EnvVar> env(JobRequest request) {
    List<String> missing = CONTRACT.stream().filter(name -> !request.environment().containsKey(name)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("step '" + request.step().name() + "': the step contract environment lacks " + missing);
    }
    List<EnvVar> env = new ArrayList<>();
    new TreeMap<>(request.environment()).forEach((name, value) -> env.add(new EnvVar(name, value, null)));
    new TreeMap<>(request.secrets()).forEach((name, ref) -> {
      if (request.environment().containsKey(name)) {
        throw new IllegalArgumentException("step '" + request.step().name() + "': " + name + " is both a contract variable and a secret");
      }
      env.add(new EnvVarBuilder()
          .withName(name)
          .withNewValueFrom().withNewSecretKeyRef().withName(ref.secret()).withKey(ref.key()).endSecretKeyRef().endValueFrom()
          .build());
    });
    return env;
  }

  private static ResourceRequirements resources(HardwareClass hardware) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    put(requests, "cpu", hardware.cpu());
    put(requests, "memory", hardware.memory());
    put(requests, "ephemeral-storage", hardware.ephemeralStorage());
    put(limits, "cpu", hardware.cpuLimit());
    put(limits, "memory", hardware.memoryLimit());
    put(limits, "ephemeral-storage", hardware.ephemeralStorageLimit());
    if (hardware.hasGpu()) {
      // an extended resource cannot be overcommitted: Kubernetes wants it in limits, and requests equal
      Quantity gpus = new Quantity(Integer.toString(hardware.gpuCount()));
      limits.put(hardware.gpuResource(), gpus);
      requests.put(hardware.gpuResource(), gpus);
    }
    return new ResourceRequirementsBuilder()
        .withRequests(requests.isEmpty() ? null : requests)
        .withLimits(limits.isEmpty() ? null : limits)
        .build();
  }

  private static void put(Map<String, Quantity> resources, String name, String value) {
    if (value != null) {
      resources.put(name, new Quantity(value));
    }
  }

  private static List<Toleration> tolerations(HardwareClass hardware) {
    return hardware.tolerationList().stream()
        .map(t -> new TolerationBuilder()
            .withKey(t.key()).withOperator(t.operator()).withValue(t.value()).withEffect(t.effect())
            .build())
        .toList();
  }

  /** The class's node affinity: required expressions in one term (all must hold), each preferred one a term of its weight. */
  private static Affinity affinity(HardwareClass hardware) {
    List<HardwareClass.AffinityRule> rules = hardware.affinityRules();
    if (rules.isEmpty()) {
      return null;
    }
    NodeAffinity node = new NodeAffinity();
    List<NodeSelectorRequirement> required = rules.stream().filter(HardwareClass.AffinityRule::required).map(JobSpecs::requirement).toList();
    if (!required.isEmpty()) {
      node.setRequiredDuringSchedulingIgnoredDuringExecution(
          new NodeSelectorBuilder().addNewNodeSelectorTerm().withMatchExpressions(required).endNodeSelectorTerm().build());
    }
    node.setPreferredDuringSchedulingIgnoredDuringExecution(rules.stream().filter(r -> !r.required())
        .map(r -> new PreferredSchedulingTermBuilder().withWeight(r.weight())
            .withNewPreference().withMatchExpressions(requirement(r)).endPreference().build())
        .toList());
    return new AffinityBuilder().withNodeAffinity(node).build();
  }

  private static NodeSelectorRequirement requirement(HardwareClass.AffinityRule rule) {
    return new NodeSelectorRequirementBuilder()
        .withKey(rule.key()).withOperator(rule.operator()).withValues(rule.values().isEmpty() ? null : rule.values())
        .build();
  }

  private static PodFailurePolicy podFailurePolicy() {
    return new PodFailurePolicyBuilder()
        .withRules(
            // preemption, eviction, node shutdown: not the step's failure; the Job replaces the pod
            new PodFailurePolicyRuleBuilder()
                .withAction("Ignore")
                .withOnPodConditions(new PodFailurePolicyOnPodConditionsPatternBuilder()
                    .withType("DisruptionTarget").withStatus("True").build())
                .build(),
            new PodFailurePolicyRuleBuilder()
                .withAction("FailJob")
                .withOnExitCodes(new PodFailurePolicyOnExitCodesRequirementBuilder()
                    .withContainerName(CONTAINER).withOperator("NotIn").withValues(0).build())
                .build())
        .build();
  }
}
