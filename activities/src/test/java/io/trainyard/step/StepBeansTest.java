package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepBeansTest {
  @TempDir Path temp;

  /** The journal the registry provides in production. */
  @Singleton
  @Requires(property = "test.step-beans")
  static final class JournalBean implements AttemptJournal {
    @Override
    public void started(AttemptStarted attempt) {}

    @Override
    public void finished(AttemptFinished attempt) {}
  }

  /** A builtin found among the beans. */
  @Singleton
  @Requires(property = "test.step-beans")
  static final class EchoBuiltin implements BuiltinStep {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public void run(StepContext context) {}
  }

  @Test
  void theStepActivitiesAreWiredFromBeansWithEveryBuiltinStepBean() {
    try (ApplicationContext context =
        ApplicationContext.run(Map.of("trainyard.home", temp.toString(), "test.step-beans", true))) {
      assertThat(context.getBean(StepActivitiesImpl.class)).isNotNull();
      assertThat(context.getBean(StepCache.class)).isNotNull();
      assertThat(context.getBean(BuiltinExecutor.class).names()).containsExactly("echo");
    }
  }
}
