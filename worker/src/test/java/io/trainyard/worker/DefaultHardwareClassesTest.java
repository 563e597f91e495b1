package io.trainyard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.trainyard.hardware.HardwareClass;
import io.trainyard.hardware.HardwareClasses;
import io.trainyard.spec.StepSpec;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The worker's application.yml defines every hardware class the worker serves by default. */
@MicronautTest
@Property(name = "trainyard.worker.enabled", value = "false")
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:default-hardware;DB_CLOSE_DELAY=-1")
@Property(name = "micronaut.security.token.jwt.signatures.secret.generator.secret", value = "default-hardware-classes-test-secret-0123456789")
class DefaultHardwareClassesTest {
  @Inject HardwareClasses classes;

  @Test
  void defaultHardwareNamesConfiguredClasses() {
    // a step without `hardware:` asks for the default class: it must exist
    assertThat(classes.names()).containsExactly("cpu", "gpu").contains(StepSpec.DEFAULT_HARDWARE);
    HardwareClass gpu = classes.get("gpu");
    assertThat(gpu.gpuCount()).isEqualTo(1);
    assertThat(gpu.gpuResource()).isEqualTo(HardwareClass.DEFAULT_GPU_RESOURCE);
    assertThat(gpu.tolerationList()).extracting(HardwareClass.Toleration::key).containsExactly("nvidia.com/gpu");
    assertThat(classes.get("cpu").hasGpu()).isFalse();
  }
}
