package io.trainyard.hardware;

import io.micronaut.context.annotation.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configured hardware classes by name; created with the context so that a bad
 * {@code trainyard.hardware.*} property stops the worker at start-up, not at the first step.
 */
@Context
public final class HardwareClasses {
  private final Map<String, HardwareClass> byName;

  public HardwareClasses(List<HardwareClass> classes) {
    this.byName = classes.stream().collect(Collectors.toUnmodifiableMap(HardwareClass::name, Function.identity()));
  }

  /** The class called {@code name}, or an error naming the known ones. */
  public HardwareClass get(String name) {
    HardwareClass found = byName.get(name);
    if (found == null) {
      throw new IllegalArgumentException("unknown hardware class '" + name + "'; configured: " + byName.keySet().stream().sorted().toList());
    }
    return found;
  }

  /** The names of every configured class. */
  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }
}
