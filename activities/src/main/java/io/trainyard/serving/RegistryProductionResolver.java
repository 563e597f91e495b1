package io.trainyard.serving;

import io.trainyard.model.ModelVersionRef;
import io.trainyard.registry.RegistryActivities;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The production version of a model, as the registry's {@code production} alias says. */
@Singleton
public class RegistryProductionResolver implements ProductionResolver {
  private final RegistryActivities registry;

  public RegistryProductionResolver(RegistryActivities registry) {
    this.registry = registry;
  }

  @Override
  public Optional<ModelVersionRef> production(String model) {
    return Optional.ofNullable(registry.production(model).version());
  }
}
