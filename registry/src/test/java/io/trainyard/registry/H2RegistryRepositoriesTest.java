package io.trainyard.registry;

import java.util.Map;

/** The repository tests on H2. */
class H2RegistryRepositoriesTest extends RegistryRepositoriesTest {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }
}
