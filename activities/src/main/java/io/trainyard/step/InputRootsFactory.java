package io.trainyard.step;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.core.type.Argument;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.spec.InputRoots;
import jakarta.inject.Singleton;
import java.util.List;

/** The roots a step activity reads external inputs from: {@value InputRoots#PROPERTY} over this worker's home. */
@Factory
public class InputRootsFactory {

  @Singleton
  InputRoots inputRoots(TrainyardHome home, Environment environment) {
    return InputRoots.of(home.root(), environment.getProperty(InputRoots.PROPERTY, Argument.listOf(String.class)).orElse(List.of()));
  }
}
