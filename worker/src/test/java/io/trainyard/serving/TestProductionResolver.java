package io.trainyard.serving;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.trainyard.model.ModelVersionRef;
import jakarta.inject.Singleton;
import java.util.Optional;

/** In tests, the good example model is production; every other model is unknown. */
@Singleton
@Requires(env = Environment.TEST)
@Replaces(ProductionResolver.class)
class TestProductionResolver implements ProductionResolver {

  @Override
  public Optional<ModelVersionRef> production(String model) {
    return TrainedModels.MODEL.equals(model) ? Optional.of(TrainedModels.get().good) : Optional.empty();
  }
}
