package io.trainyard.api.run;

import io.trainyard.registry.TestDatabases;
import java.util.Map;

/** The pipelines and runs API on H2. */
class H2PipelinesAndRunsApiTest extends PipelinesAndRunsApiTest {
  @Override
  Map<String, String> database() {
    return TestDatabases.h2();
  }
}
