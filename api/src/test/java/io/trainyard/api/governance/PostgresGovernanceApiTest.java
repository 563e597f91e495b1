package io.trainyard.api.governance;

import io.trainyard.registry.TestDatabases;
import java.util.Map;

/** The governance API on PostgreSQL. */
class PostgresGovernanceApiTest extends GovernanceApiTest {
  @Override
  Map<String, String> database() {
    return TestDatabases.postgres();
  }
}
