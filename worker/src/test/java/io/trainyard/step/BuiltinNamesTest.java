package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.trainyard.spec.StepSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The builtin names that validation accepts (the worker's application.yml, read by the API and the
 * CLI, which do not see the steps) are exactly the builtin step beans the worker runs.
 */
class BuiltinNamesTest {

  @Test
  void theValidatorsBuiltinNamesAreTheBuiltinStepBeans() {
    try (ApplicationContext context = ApplicationContext.builder()
        .properties(Map.of("trainyard.worker.enabled", "false", "datasources.default.url", "jdbc:h2:mem:builtin-names;DB_CLOSE_DELAY=-1"))
        .start()) {
      List<String> validated = context.getProperty(StepSpec.BUILTINS_PROPERTY, Argument.listOf(String.class)).orElseThrow();

      assertThat(validated).isNotEmpty().containsExactlyInAnyOrderElementsOf(context.getBean(BuiltinExecutor.class).names());
    }
  }
}
