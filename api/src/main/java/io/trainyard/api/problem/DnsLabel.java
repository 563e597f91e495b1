package io.trainyard.api.problem;

import java.util.regex.Pattern;

/**
 * The names the API gives things by path (custom aliases, datasets): a DNS label, like a pipeline's
 * {@code metadata.name} in the spec's schema, at most 63 characters.
 */
public final class DnsLabel {
  /** What a name is expected to be, for the problem that names it. */
  public static final String EXPECTED =
      "expected lower-case letters, digits and '-' (1 to 63, starting and ending with a letter or digit)";

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private DnsLabel() {}

  /** Whether {@code name} is a DNS label. */
  public static boolean matches(String name) {
    return name != null && LABEL.matcher(name).matches();
  }
}
