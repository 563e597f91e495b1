package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.trainyard.tabular.TabularSteps;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step activities wire from beans: the registry's journal and every builtin step bean, the same
 * builtins the container entry point makes without a context.
 */
class StepBeansTest {
  @TempDir Path temp;

  /** A builtin found among the beans, beside the example's. */
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
        ApplicationContext.run(Map.of(
            "trainyard.home", temp.toString(),
            "test.step-beans", true,
            "datasources.default.url", "jdbc:h2:mem:step-beans;DB_CLOSE_DELAY=-1",
            "datasources.default.driver-class-name", "org.h2.Driver",
            "datasources.default.dialect", "H2",
            "flyway.datasources.default.enabled", true))) {
      assertThat(context.getBean(StepActivitiesImpl.class)).isNotNull();
      assertThat(context.getBean(AttemptJournal.class)).isInstanceOf(io.trainyard.registry.JdbcAttemptJournal.class);
      assertThat(context.getBean(BuiltinExecutor.class).names())
          .contains("echo", "tabular-split", "tribuo-train", "tribuo-evaluate");
      // the container entry point makes the builtins without a context: it must know every one
      assertThat(context.getBeansOfType(BuiltinStep.class).stream().map(Object::getClass).filter(c -> c != EchoBuiltin.class))
          .containsExactlyInAnyOrderElementsOf(TabularSteps.all().stream().map(Object::getClass).toList());
    }
  }
}
