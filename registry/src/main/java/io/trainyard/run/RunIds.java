package io.trainyard.run;

import java.util.UUID;

/**
 * New run ids: 12 lower-case hex characters (48 random bits), the same shape for model runs and
 * restore runs wherever they are started (the API, {@code trainyard run}). Not for workflow code.
 */
public final class RunIds {
  private RunIds() {}

  public static String next() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
