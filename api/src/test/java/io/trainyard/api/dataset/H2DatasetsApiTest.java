package io.trainyard.api.dataset;

import io.trainyard.registry.TestDatabases;
import java.util.Map;

/** The datasets API on H2. */
class H2DatasetsApiTest extends DatasetsApiTest {
  @Override
  Map<String, String> database() {
    return TestDatabases.h2();
  }
}
