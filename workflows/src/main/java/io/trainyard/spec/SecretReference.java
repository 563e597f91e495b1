package io.trainyard.spec;

import java.util.regex.Pattern;

/**
 * A step's secret by reference, {@code <secret>/<key>}: the name of a Kubernetes Secret (a DNS-1123
 * subdomain) and one of its keys. The same pair names the file {@code <secret>/<key>} under a
 * mounted Secret or a Trainyard home's {@code secrets/}, so neither part can climb out of it.
 */
public record SecretReference(String secret, String key) {

  /** What a reference looks like, for error messages. */
  public static final String EXPECTED =
      "<secret>/<key>: a secret name (lower-case letters, digits, '-' and '.', starting and ending with a letter or"
          + " digit, at most 253 characters) and a key (letters, digits, '-', '_' and '.', not '.' or '..')";

  private static final Pattern SECRET =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final int MAX_LENGTH = 253;

  public SecretReference {
    if (secret == null || secret.length() > MAX_LENGTH || !SECRET.matcher(secret).matches()) {
      throw new IllegalArgumentException("'" + secret + "' is not a secret name: expected " + EXPECTED);
    }
    if (key == null || key.length() > MAX_LENGTH || !KEY.matcher(key).matches() || key.equals(".") || key.startsWith("..")) {
      throw new IllegalArgumentException("'" + key + "' is not a secret key: expected " + EXPECTED);
    }
  }

  /** The reference written {@code <secret>/<key>}, or an error saying what was expected. */
  public static SecretReference parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a secret reference: expected " + EXPECTED);
    }
    return new SecretReference(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return secret + "/" + key;
  }
}
