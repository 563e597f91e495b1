package io.trainyard.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainyardHomeTest {
  @TempDir Path temp;

  @Test
  void theHomeDefaultsToDotTrainyardUnderTheWorkingDirectory() {
    try (ApplicationContext context = ApplicationContext.run()) {
      TrainyardHome home = context.getBean(TrainyardHome.class);
      assertThat(home.root()).isEqualTo(Path.of(".trainyard").toAbsolutePath().normalize());
      assertThat(context.getBean(ArtifactStore.class).root()).isEqualTo(home.root().resolve("artifacts"));
    }
  }

  @Test
  void theHomeIsConfiguredByTrainyardHomeAndEverythingDerivesFromIt() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("trainyard.home", temp.toString()))) {
      TrainyardHome home = context.getBean(TrainyardHome.class);
      assertThat(home.root()).isEqualTo(temp);
      assertThat(home.artifacts()).isEqualTo(temp.resolve("artifacts"));
      assertThat(home.logs()).isEqualTo(temp.resolve("logs"));
      assertThat(home.work()).isEqualTo(temp.resolve("work"));
      assertThat(home.cache()).isEqualTo(temp.resolve("cache"));
      assertThat(home.secrets()).isEqualTo(temp.resolve("secrets"));
    }
  }
}
