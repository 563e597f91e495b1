package io.trainyard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.trainyard.hardware.HardwareClass;
import io.trainyard.hardware.HardwareClasses;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gpu-pools overlay's hardware classes bind to {@link HardwareClass} as a worker would read them. */
class HardwareFileTest {
  private static final Path FILE = Path.of("../deploy/overlays/gpu-pools/hardware.yml").toAbsolutePath().normalize();

  @Test
  void theOverlaysHardwareClassesBind() throws Exception {
    Map<String, Object> values;
    try (InputStream in = Files.newInputStream(FILE)) {
      values = new YamlPropertySourceLoader().read("hardware", in);
    }
    try (ApplicationContext context = ApplicationContext.builder()
        .propertySources(PropertySource.of("hardware", values))
        .properties(Map.of("trainyard.worker.enabled", "false", "datasources.default.url", "jdbc:h2:mem:hardware-file;DB_CLOSE_DELAY=-1"))
        .start()) {
      HardwareClasses classes = context.getBean(HardwareClasses.class);

      assertThat(classes.names()).contains("cpu", "gpu-a100", "gpu-l4");
      HardwareClass a100 = classes.get("gpu-a100");
      assertThat(a100.gpuCount()).isEqualTo(1);
      assertThat(a100.nodeSelector()).containsEntry("cloud.google.com/gke-accelerator", "nvidia-tesla-a100");
      assertThat(a100.priorityClass()).isEqualTo("trainyard-training");
      assertThat(a100.affinityRules()).containsExactly(new HardwareClass.AffinityRule(80, "cloud.google.com/gke-spot", "DoesNotExist", List.of()));
      HardwareClass l4 = classes.get("gpu-l4");
      assertThat(l4.spot()).isTrue();
      assertThat(l4.tolerationList()).extracting(HardwareClass.Toleration::key)
          .containsExactly("nvidia.com/gpu", "cloud.google.com/gke-spot");
      assertThat(l4.hourlyPrice()).isEqualByComparingTo(new BigDecimal("0.28"));
    }
  }
}
