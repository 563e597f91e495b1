package io.trainyard.api.dataset;

import io.trainyard.registry.TestDatabases;
import java.util.Map;

/** The datasets API on PostgreSQL. */
class PostgresDatasetsApiTest extends DatasetsApiTest {
  @Override
  Map<String, String> database() {
    return TestDatabases.postgres();
  }
}
