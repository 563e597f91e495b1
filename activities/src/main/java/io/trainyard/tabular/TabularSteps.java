package io.trainyard.tabular;

import io.trainyard.step.BuiltinStep;
import java.util.List;

/**
 * This package's builtin steps, made without a bean context for the container entry point
 * ({@code trainyard step --builtin NAME}): none has dependencies, and a context would bring up the
 * whole application's eager beans (the registry's schema, hardware configuration) that a step's pod
 * neither has nor needs. The worker gets the same steps as beans.
 */
public final class TabularSteps {

  private TabularSteps() {}

  /** A new instance of each builtin step of this package. */
  public static List<BuiltinStep> all() {
    return List.of(new TabularSplitStep(), new TribuoTrainStep(), new TribuoEvaluateStep());
  }
}
