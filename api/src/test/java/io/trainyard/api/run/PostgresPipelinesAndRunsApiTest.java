package io.trainyard.api.run;

import io.trainyard.registry.TestDatabases;
import java.util.Map;

/** The pipelines and runs API on PostgreSQL. */
class PostgresPipelinesAndRunsApiTest extends PipelinesAndRunsApiTest {
  @Override
  Map<String, String> database() {
    return TestDatabases.postgres();
  }
}
