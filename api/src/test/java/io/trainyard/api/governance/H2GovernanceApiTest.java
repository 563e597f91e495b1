package io.trainyard.api.governance;

import io.trainyard.registry.TestDatabases;
import java.util.Map;

/** The governance API on H2. */
class H2GovernanceApiTest extends GovernanceApiTest {
  @Override
  Map<String, String> database() {
    return TestDatabases.h2();
  }
}
