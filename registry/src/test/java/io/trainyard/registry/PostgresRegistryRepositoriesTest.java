package io.trainyard.registry;

import java.util.Map;

/** The repository tests on a real PostgreSQL (embedded binaries). */
class PostgresRegistryRepositoriesTest extends RegistryRepositoriesTest {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.postgres();
  }
}
