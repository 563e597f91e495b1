package io.trainyard.bench;

import io.trainyard.step.BuiltinStep;
import io.trainyard.step.StepContext;
import jakarta.inject.Singleton;
import java.nio.file.Files;

/** {@code builtin:touch}: writes its one output, a one-byte file; the bench's trivial step. */
@Singleton
public class TouchStep implements BuiltinStep {
  @Override
  public String name() {
    return "touch";
  }

  @Override
  public void run(StepContext context) throws Exception {
    Files.writeString(context.output("out"), "1");
  }
}
