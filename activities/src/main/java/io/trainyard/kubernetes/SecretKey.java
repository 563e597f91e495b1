package io.trainyard.kubernetes;

import io.trainyard.spec.SecretReference;

/** A key of a Kubernetes Secret in the run namespace: how a step gets a credential without its value ever being a payload. */
public record SecretKey(String secret, String key) {
  public SecretKey {
    if (secret == null || secret.isBlank() || key == null || key.isBlank()) {
      throw new IllegalArgumentException("a secret reference needs a secret name and a key, found " + secret + "/" + key);
    }
  }

  /** The key a spec's {@code secrets} value names ({@code <secret>/<key>}), or an error saying what was expected. */
  public static SecretKey parse(String reference) {
    SecretReference parsed = SecretReference.parse(reference);
    return new SecretKey(parsed.secret(), parsed.key());
  }
}
