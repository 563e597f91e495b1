package io.trainyard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests of deploy/ as a cluster would get them: each overlay rendered by {@code kubectl
 * kustomize}, parsed with fabric8's model, checked against {@link ManifestInvariants}, and applied
 * to fabric8's mock API server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class DeployManifestsTest {

  static KubernetesClient client;

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production", "gpu-pools"})
  void everyOverlayRendersAndKeepsTheInvariants(String overlay) throws Exception {
    List<HasMetadata> objects = objects(overlay);

    assertThat(ManifestInvariants.violations(objects)).isEmpty();
    assertThat(names(objects, "Deployment")).contains("trainyard-api", "trainyard-control-worker", "trainyard-launcher-cpu");
    assertThat(names(objects, "HorizontalPodAutoscaler")).contains("trainyard-api", "trainyard-launcher-cpu");
    assertThat(names(objects, "PodDisruptionBudget")).contains("trainyard-api", "trainyard-control-worker", "trainyard-launcher-cpu");
    assertThat(names(objects, "Service")).containsExactly("trainyard-api");
    assertThat(names(objects, "NetworkPolicy")).isNotEmpty();
    assertThat(names(objects, "Secret")).as("secrets are made outside the manifests and referenced").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production", "gpu-pools"})
  void onlyLaunchersMayTouchJobsAndPodsAndOnlyInTheirNamespace(String overlay) throws Exception {
    List<HasMetadata> objects = objects(overlay);

    Role role = only(objects, Role.class);
    assertThat(role.getRules()).extracting(DeployManifestsTest::rule).containsExactlyInAnyOrder(
        "batch jobs [create, get, list, watch, delete]",
        " pods [get, list, watch]",
        " pods/log [get]");
    RoleBinding binding = only(objects, RoleBinding.class);
    assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
      assertThat(subject.getName()).isEqualTo("trainyard-launcher");
      assertThat(subject.getNamespace()).isEqualTo(role.getMetadata().getNamespace());
    });
    for (Deployment deployment : all(objects, Deployment.class)) {
      String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
      boolean launcher = deployment.getMetadata().getName().startsWith("trainyard-launcher-");
      assertThat(account).as(deployment.getMetadata().getName()).isEqualTo(launcher ? "trainyard-launcher" : "trainyard");
    }
    List<String> control = all(objects, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals("trainyard-control-worker")).findFirst().orElseThrow()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    assertThat(control).as("the control worker, without a token, must poll no real step queue")
        .contains("--no-steps").doesNotContain("--no-control");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production", "gpu-pools"})
  void launchersRunStepsAsJobsOfTheirOwnImageOnTheSharedHome(String overlay) throws Exception {
    List<HasMetadata> objects = objects(overlay);
    Map<String, String> config = all(objects, io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().equals("trainyard-config")).findFirst().orElseThrow().getData();

    List<Deployment> launchers = all(objects, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().startsWith("trainyard-launcher-")).toList();
    assertThat(launchers).isNotEmpty();
    for (Deployment launcher : launchers) {
      Container container = launcher.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getArgs()).as(launcher.getMetadata().getName()).containsSubsequence("--executor", "kubernetes");
      assertThat(config.get("TRAINYARD_KUBERNETES_IMAGE")).as("builtin steps run the launcher's own image")
          .isEqualTo(container.getImage());
    }
    // launchers, the control worker (model bundles) and the API (attempt logs) share one home
    for (Deployment deployment : all(objects, Deployment.class)) {
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      String homeVolume = container.getVolumeMounts().stream()
          .filter(m -> m.getMountPath().equals(config.get("TRAINYARD_HOME"))).findFirst().orElseThrow().getName();
      assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
          .as("%s: step pods mount the artifact claim at the home, so the contract's paths hold everywhere",
              deployment.getMetadata().getName())
          .anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo(homeVolume);
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(config.get("TRAINYARD_KUBERNETES_ARTIFACT_CLAIM"));
          });
    }
    assertThat(names(objects, "PersistentVolumeClaim")).contains(config.get("TRAINYARD_KUBERNETES_ARTIFACT_CLAIM"));
  }

  @Test
  void podsProbeTheHealthEndpointsAndTakeSecretsByReference() throws Exception {
    for (Deployment deployment : all(objects("production"), Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      Container container = pod.getContainers().get(0);
      assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
      assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
      assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
      assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
      Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
      for (String name : List.of("TRAINYARD_JWT_SECRET", "TRAINYARD_PAYLOADS_KEYS", "DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME", "DATASOURCES_DEFAULT_PASSWORD")) {
        assertThat(env.get(name).getValueFrom().getSecretKeyRef()).as(name).isNotNull();
      }
    }
  }

  @Test
  void theGpuOverlayAddsALauncherForTheGpuClassesOnly() throws Exception {
    List<HasMetadata> objects = objects("gpu-pools");

    Deployment gpu = all(objects, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals("trainyard-launcher-gpu")).findFirst().orElseThrow();
    assertThat(gpu.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--hardware", "gpu-a100,gpu-l4").contains("--no-control");
    assertThat(names(objects, "HorizontalPodAutoscaler")).contains("trainyard-launcher-gpu");
    String hardware = all(objects, io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().startsWith("trainyard-hardware-")).findFirst().orElseThrow()
        .getData().get("hardware.yml");
    assertThat(hardware).contains("node-selector", "tolerations", "nvidia.com/gpu");
  }

  @Test
  void aContainerWithoutRequestsLimitsOrProbesOrAPodNotScrapedIsCaught() throws Exception {
    List<HasMetadata> objects = objects("dev");
    Deployment apiDeployment = all(objects, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals("trainyard-api")).findFirst().orElseThrow();
    apiDeployment.getSpec().getTemplate().getMetadata().getAnnotations().remove("prometheus.io/path");
    Container api = apiDeployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    api.setResources(null);
    api.setLivenessProbe(null);
    api.setReadinessProbe(null);
    api.getSecurityContext().setReadOnlyRootFilesystem(false);

    assertThat(ManifestInvariants.violations(objects)).containsExactlyInAnyOrder(
        "Deployment/trainyard-api: pod template is not annotated for scraping " + ManifestInvariants.SCRAPED,
        "Deployment/trainyard-api container trainyard: no cpu and memory requests",
        "Deployment/trainyard-api container trainyard: no cpu and memory limits",
        "Deployment/trainyard-api container trainyard: no liveness probe",
        "Deployment/trainyard-api container trainyard: no readiness probe",
        "Deployment/trainyard-api container trainyard: root filesystem is writable (readOnlyRootFilesystem)");
  }

  @Test
  void wildcardsSecretValuesAndMissingLabelsAreCaught() throws Exception {
    List<HasMetadata> objects = new java.util.ArrayList<>(objects("dev"));
    objects.add(new RoleBuilder().withNewMetadata().withName("greedy").addToLabels(ManifestInvariants.NAME_LABEL, "trainyard").endMetadata()
        .addNewRule().withApiGroups("batch").withResources("*").withVerbs("get").endRule().build());
    objects.add(new SecretBuilder().withNewMetadata().withName("leaky").endMetadata().addToStringData("password", "hunter2").build());
    Container control = all(objects, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals("trainyard-control-worker")).findFirst().orElseThrow()
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    control.getEnv().add(new EnvVar("TRAINYARD_JWT_SECRET_LITERAL", "x".repeat(32), null));

    assertThat(ManifestInvariants.violations(objects)).containsExactlyInAnyOrder(
        "Role/greedy: wildcard '*' in rule [*]",
        "Secret/leaky: no app.kubernetes.io/name label",
        "Secret/leaky: a Secret with data in the manifests; reference Secrets made outside them",
        "Deployment/trainyard-control-worker container trainyard: TRAINYARD_JWT_SECRET_LITERAL has a literal value; use secretKeyRef");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production", "gpu-pools"})
  void everyObjectOfAnOverlayIsAcceptedByTheMockApiServer(String overlay) throws Exception {
    String namespace = "apply-" + overlay;
    List<HasMetadata> objects = objects(overlay);
    for (HasMetadata object : objects) {
      object.getMetadata().setNamespace(namespace);
      client.resource(object).create();
    }
    for (HasMetadata object : objects) {
      HasMetadata stored = client.resource(object).get();
      assertThat(stored).as(object.getKind() + "/" + object.getMetadata().getName()).isNotNull();
      assertThat(stored.getMetadata().getLabels()).containsAllEntriesOf(object.getMetadata().getLabels());
    }
    for (Deployment deployment : all(objects, Deployment.class)) {
      Deployment stored = client.apps().deployments().inNamespace(namespace).withName(deployment.getMetadata().getName()).get();
      assertThat(stored.getSpec().getTemplate().getSpec().getContainers())
          .isEqualTo(deployment.getSpec().getTemplate().getSpec().getContainers());
    }
  }

  private static List<HasMetadata> objects(String overlay) throws IOException, InterruptedException {
    String yaml = RENDERED.get(overlay);
    if (yaml == null) {
      yaml = kustomize(REPO.resolve("deploy/overlays").resolve(overlay));
      RENDERED.put(overlay, yaml);
    }
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  /** {@code kubectl kustomize dir}: the rendered YAML. */
  static String kustomize(Path dir) throws IOException, InterruptedException {
    assertThat(dir.resolve("kustomization.yaml")).exists();
    Path errors = Files.createTempFile("kustomize", ".err");
    try {
      Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
          .redirectError(errors.toFile()).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      assertThat(exit).as("kubectl kustomize %s: %s", dir, Files.readString(errors)).isZero();
      return out;
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  private static List<String> names(List<HasMetadata> objects, String kind) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).map(o -> o.getMetadata().getName()).toList();
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static String rule(PolicyRule rule) {
    return String.join(",", rule.getApiGroups()) + " " + String.join(",", rule.getResources()) + " " + rule.getVerbs();
  }
}
