package io.trainyard.registry;

import java.util.Map;

/** The registry activity tests on a real PostgreSQL (embedded binaries). */
class PostgresRegistryActivitiesTest extends RegistryActivitiesTest {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.postgres();
  }
}
