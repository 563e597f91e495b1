package io.trainyard.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HardwareClassTest {

  @Test
  void bindsEachClassByName() {
    Map<String, Object> props = Map.ofEntries(
        Map.entry("trainyard.hardware.cpu.cpu", "2"),
        Map.entry("trainyard.hardware.cpu.memory", "4Gi"),
        Map.entry("trainyard.hardware.gpu-a100.cpu", "8"),
        Map.entry("trainyard.hardware.gpu-a100.memory-limit", "64Gi"),
        Map.entry("trainyard.hardware.gpu-a100.gpu-count", "2"),
        Map.entry("trainyard.hardware.gpu-a100.node-selector", Map.of("cloud.google.com/gke-accelerator", "nvidia-tesla-a100")),
        Map.entry("trainyard.hardware.gpu-a100.tolerations", List.of("nvidia.com/gpu:NoSchedule", "dedicated=training")),
        Map.entry("trainyard.hardware.gpu-a100.affinity",
            List.of("cloud.google.com/gke-accelerator In nvidia-tesla-a100,nvidia-a100-80gb", "50: topology.kubernetes.io/zone In europe-west4-a")),
        Map.entry("trainyard.hardware.gpu-a100.priority-class", "training"),
        Map.entry("trainyard.hardware.gpu-a100.spot", "true"),
        Map.entry("trainyard.hardware.gpu-a100.hourly-price", "3.67"));
    try (ApplicationContext ctx = ApplicationContext.run(props)) {
      HardwareClasses classes = ctx.getBean(HardwareClasses.class);
      assertThat(classes.names()).containsExactly("cpu", "gpu-a100");

      HardwareClass cpu = classes.get("cpu");
      assertThat(cpu.cpu()).isEqualTo("2");
      assertThat(cpu.memory()).isEqualTo("4Gi");
      assertThat(cpu.gpuCount()).isZero();
      assertThat(cpu.hasGpu()).isFalse();
      assertThat(cpu.spot()).isFalse();
      assertThat(cpu.hourlyPrice()).isEqualByComparingTo(BigDecimal.ZERO);
      assertThat(cpu.nodeSelector()).isEmpty();

      HardwareClass gpu = classes.get("gpu-a100");
      assertThat(gpu.gpuCount()).isEqualTo(2);
      assertThat(gpu.gpuResource()).isEqualTo("nvidia.com/gpu");
      assertThat(gpu.memoryLimit()).isEqualTo("64Gi");
      assertThat(gpu.nodeSelector()).containsExactly(Map.entry("cloud.google.com/gke-accelerator", "nvidia-tesla-a100"));
      assertThat(gpu.affinityRules()).containsExactly(
          new HardwareClass.AffinityRule(0, "cloud.google.com/gke-accelerator", "In", List.of("nvidia-tesla-a100", "nvidia-a100-80gb")),
          new HardwareClass.AffinityRule(50, "topology.kubernetes.io/zone", "In", List.of("europe-west4-a")));
      assertThat(gpu.tolerationList()).containsExactly(
          new HardwareClass.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"),
          new HardwareClass.Toleration("dedicated", "Equal", "training", null));
      assertThat(gpu.priorityClass()).isEqualTo("training");
      assertThat(gpu.spot()).isTrue();
      assertThat(gpu.hourlyPrice()).isEqualByComparingTo("3.67");
    }
  }

  @Test
  void yamlKeepsDottedNodeSelectorKeysAndTolerationLists() {
    try (ApplicationContext ctx = ApplicationContext.run("hardware")) {
      HardwareClass l4 = ctx.getBean(HardwareClasses.class).get("gpu-l4");
      assertThat(l4.nodeSelector()).containsOnly(
          Map.entry("cloud.google.com/gke-accelerator", "nvidia-l4"), Map.entry("cloud.google.com/gke-spot", "true"));
      assertThat(l4.tolerationList()).containsExactly(
          new HardwareClass.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"),
          new HardwareClass.Toleration("cloud.google.com/gke-spot", "Equal", "true", "NoSchedule"));
      assertThat(l4.cpu()).isEqualTo("500m");
      assertThat(l4.spot()).isTrue();
      assertThat(l4.hourlyPrice()).isEqualByComparingTo("0.71");
    }
  }

  @Test
  void unknownClassNamesTheConfiguredOnes() {
    try (ApplicationContext ctx = ApplicationContext.run(Map.of("trainyard.hardware.cpu.cpu", "1"))) {
      assertThatThrownBy(() -> ctx.getBean(HardwareClasses.class).get("gpu-h100"))
          .hasMessageContaining("gpu-h100").hasMessageContaining("[cpu]");
    }
  }

  @Test
  void negativeGpuCountFailsStartUpNamingTheProperty() {
    assertThatThrownBy(() -> ApplicationContext.run(Map.of("trainyard.hardware.gpu-a100.gpu-count", "-1")).close())
        .hasStackTraceContaining("trainyard.hardware.gpu-a100.gpu-count must be >= 0");
  }

  @Test
  void badQuantityAndTolerationNameTheProperty() {
    assertThatThrownBy(() -> new HardwareClass("cpu", "two", null, null, null, null, null, 0, "nvidia.com/gpu",
            null, null, null, null, false, BigDecimal.ONE))
        .hasMessageStartingWith("trainyard.hardware.cpu.cpu must be a Kubernetes quantity");
    assertThatThrownBy(() -> new HardwareClass("gpu", null, null, null, null, null, null, 1, "nvidia.com/gpu",
            null, List.of("k=v:Sometimes"), null, null, false, BigDecimal.ONE))
        .hasMessageStartingWith("trainyard.hardware.gpu.tolerations[0] effect must be");
    assertThatThrownBy(() -> new HardwareClass("gpu", null, null, null, null, null, null, 1, "nvidia.com/gpu",
            null, List.of("a b"), null, null, false, BigDecimal.ONE))
        .hasMessageStartingWith("trainyard.hardware.gpu.tolerations[0] must be key[=value][:Effect]");
    assertThatThrownBy(() -> new HardwareClass("gpu", null, null, null, null, null, null, 1, "nvidia.com/gpu",
            null, null, null, null, false, new BigDecimal("-1")))
        .hasMessageStartingWith("trainyard.hardware.gpu.hourly-price must be >= 0");
    assertThatThrownBy(() -> affinity("zone Near europe"))
        .hasMessageStartingWith("trainyard.hardware.gpu.affinity[0] must be '[weight:] key Operator [v1,v2]'");
    assertThatThrownBy(() -> affinity("zone In")).hasMessage("trainyard.hardware.gpu.affinity[0]: In needs values, found 'zone In'");
    assertThatThrownBy(() -> affinity("gpu Exists yes")).hasMessageContaining("Exists takes no values");
    assertThatThrownBy(() -> affinity("101: zone In a")).hasMessage("trainyard.hardware.gpu.affinity[0] weight must be 1 to 100, found 101");
    assertThatThrownBy(() -> affinity("cores Gt many")).hasMessageContaining("Gt needs one integer");
  }

  private static HardwareClass affinity(String rule) {
    return new HardwareClass("gpu", null, null, null, null, null, null, 1, "nvidia.com/gpu",
        null, null, List.of(rule), null, false, BigDecimal.ONE);
  }
}
