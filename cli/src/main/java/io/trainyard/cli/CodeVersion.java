package io.trainyard.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of the code that runs: {@code TRAINYARD_CODE_VERSION} (bin/trainyard sets it from git), else the build's. */
public final class CodeVersion implements IVersionProvider {

  /** The code version recorded in every model's lineage. */
  public static String current() {
    String fromEnv = System.getenv("TRAINYARD_CODE_VERSION");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    String fromJar = Trainyard.class.getPackage().getImplementationVersion();
    return fromJar == null ? "dev" : fromJar;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"trainyard " + current()};
  }
}
