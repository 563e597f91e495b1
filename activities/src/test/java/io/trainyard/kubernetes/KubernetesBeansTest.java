package io.trainyard.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepExecutors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes executor, its client and configuration exist only on a worker configured with trainyard.executor=kubernetes. */
class KubernetesBeansTest {
  @TempDir Path home;

  private Map<String, Object> properties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("trainyard.home", home.toString());
    properties.put("trainyard.hardware.cpu.cpu", "1");
    return properties;
  }

  @Test
  void theKubernetesExecutorRunsEveryStepWhenConfigured() {
    Map<String, Object> properties = properties();
    properties.put("trainyard.executor", "kubernetes");
    properties.put("trainyard.kubernetes.namespace", "trainyard-runs");
    properties.put("trainyard.kubernetes.image", "registry.example/trainyard:0.1.0");
    properties.put("trainyard.kubernetes.unschedulable-timeout", "90s");
    try (ApplicationContext context = ApplicationContext.run(properties)) {
      StepSpec builtin = new StepSpec("train", "builtin:tribuo-train", null, List.of(), Map.of(), List.of(), List.of("cpu"),
          null, null, null, null, Map.of(), Map.of());
      assertThat(context.getBean(StepExecutors.class).forStep(builtin)).isInstanceOf(KubernetesExecutor.class);
      KubernetesExecutor executor = context.getBean(KubernetesExecutor.class);
      assertThat(executor.settings()).isEqualTo(
          new JobSettings("registry.example/trainyard:0.1.0", "trainyard-runs", null, home.toAbsolutePath().normalize().toString(), 3600));
      KubernetesConfiguration configuration = context.getBean(KubernetesConfiguration.class);
      assertThat(configuration.unschedulableTimeout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(configuration.maxDisruptions()).isEqualTo(5);
      assertThat(configuration.deleteGrace()).isEqualTo(Duration.ofSeconds(60));
    }
  }

  @Test
  void aLocalWorkerHasNoKubernetesClient() {
    try (ApplicationContext context = ApplicationContext.run(properties())) {
      assertThat(context.containsBean(KubernetesClient.class)).isFalse();
      assertThat(context.containsBean(KubernetesExecutor.class)).isFalse();
    }
  }

  @Test
  void aKubernetesWorkerWithoutAnImageFailsAtStartNamingTheProperty() {
    Map<String, Object> properties = properties();
    properties.put("trainyard.executor", "kubernetes");
    properties.put("trainyard.kubernetes.namespace", "trainyard-runs");
    // the warm-up at start-up builds the executor: a bad configuration stops the worker, not its first step
    assertThatThrownBy(() -> ApplicationContext.run(properties)).hasStackTraceContaining("trainyard.kubernetes.image");
  }
}
