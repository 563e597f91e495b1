package io.trainyard.registry;

import java.util.Map;

/** The registry activity tests on an H2 file database. */
class H2RegistryActivitiesTest extends RegistryActivitiesTest {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2File();
  }
}
