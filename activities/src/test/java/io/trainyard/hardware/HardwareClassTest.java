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
    Map<String, Object> props = Map.of(
        "trainyard.hardware.cpu.cpu", "2",
        "trainyard.hardware.cpu.memory", "4Gi",
        "trainyard.hardware.gpu-a100.cpu", "8",
        "trainyard.hardware.gpu-a100.memory-limit", "64Gi",
        "trainyard.hardware.gpu-a100.gpu-count", "2",
        "trainyard.hardware.gpu-a100.node-selector", Map.of("cloud.google.com/gke-accelerator", "nvidia-tesla-a100"),
        "trainyard.hardware.gpu-a100.tolerations", List.of("nvidia.com/gpu:NoSchedule", "dedicated=training"),
        "trainyard.hardware.gpu-a100.priority-class", "training",
        "trainyard.hardware.gpu-a100.spot", "true",
        "trainyard.hardware.gpu-a100.hourly-price", "3.67");
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
            null, null, null, false, BigDecimal.ONE))
        .hasMessageStartingWith("trainyard.hardware.cpu.cpu must be a Kubernetes quantity");
    assertThatThrownBy(() -> new HardwareClass("gpu", null, null, null, null, null, null, 1, "nvidia.com/gpu",
            null, List.of("k=v:Sometimes"), null, false, BigDecimal.ONE))
        .hasMessageStartingWith("trainyard.hardware.gpu.tolerations[0] effect must be");
    assertThatThrownBy(() -> new HardwareClass("gpu", null, null, null, null, null, null, 1, "nvidia.com/gpu",
            null, List.of("a b"), null, false, BigDecimal.ONE))
        .hasMessageStartingWith("trainyard.hardware.gpu.tolerations[0] must be key[=value][:Effect]");
    assertThatThrownBy(() -> new HardwareClass("gpu", null, null, null, null, null, null, 1, "nvidia.com/gpu",
            null, null, null, false, new BigDecimal("-1")))
        .hasMessageStartingWith("trainyard.hardware.gpu.hourly-price must be >= 0");
  }
}
