package io.trainyard.serving;

import io.trainyard.model.ModelVersionRef;
import java.util.Optional;

/**
 * Which version of a model holds {@code production}: what the serving target serves, at 100 %,
 * when it has no traffic split of its own for that model (a fresh worker).
 */
public interface ProductionResolver {

  /** The production version of {@code model}, or empty when the model has none. */
  Optional<ModelVersionRef> production(String model);
}
