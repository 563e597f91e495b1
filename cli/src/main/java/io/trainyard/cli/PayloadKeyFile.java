package io.trainyard.cli;

import io.trainyard.temporal.payload.PayloadKeys;
import io.trainyard.temporal.payload.PayloadKeysConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The keys that encrypt this machine's workflow payloads (docs/security.md#payload-encryption):
 * {@code TRAINYARD_PAYLOADS_KEYS} or {@code TRAINYARD_PAYLOADS_KEY_FILE} when set, else the home's
 * {@code payload-keys} file, which the embedded stacks ({@code dev}, {@code run}, {@code demo})
 * create on first start with one random AES-256 key, readable by its owner only. {@code trainyard
 * keys rotate} adds keys to the file.
 */
final class PayloadKeyFile {
  static final String FILE = "payload-keys";
  static final String FILE_ENV = "TRAINYARD_PAYLOADS_KEY_FILE";
  static final String KEYS_ENV = "TRAINYARD_PAYLOADS_KEYS";
  private static final Pattern NUMBERED = Pattern.compile("k(\\d{1,9})");
  private static final String HEADER = "# Trainyard's payload keys (docs/security.md#payload-encryption): id=base64 AES-256 key,\n"
      + "# current=the id new payloads are encrypted with. Losing a key loses every payload encrypted with it.\n";

  private PayloadKeyFile() {}

  /** The properties pointing a local stack at its keys: none when the environment names them. */
  static Map<String, Object> properties(Path home) {
    return properties(home, System.getenv());
  }

  static Map<String, Object> properties(Path home, Map<String, String> env) {
    if (inEnvironment(env)) {
      return Map.of();
    }
    Path file = home.resolve(FILE);
    try {
      Home.createSecret(file, HEADER + line("k1", newKey()) + "current=k1\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the payload keys " + file, e);
    }
    return Map.of(PayloadKeysConfiguration.PREFIX + ".key-file", file.toString());
  }

  /**
   * For {@code worker} and {@code api}: the home's key file when there is one and the environment
   * names no keys; never creates one (a cluster's pods must share their keys: docs/security.md).
   */
  static Map<String, Object> existing(Path home, Map<String, String> env) {
    Path file = home.resolve(FILE);
    if (inEnvironment(env) || !Files.exists(file)) {
      return Map.of();
    }
    return Map.of(PayloadKeysConfiguration.PREFIX + ".key-file", file.toString());
  }

  /** Whether the environment names the keys (then the server reads them itself). */
  static boolean inEnvironment(Map<String, String> env) {
    return given(env, KEYS_ENV) || given(env, FILE_ENV);
  }

  /** The file {@code keys} commands read and change; refused when the keys are in an environment variable. */
  static Path file(Path home, Map<String, String> env) {
    if (given(env, KEYS_ENV)) {
      throw new IllegalStateException("the payload keys are in " + KEYS_ENV + ", not in a file: change them where that"
          + " variable is set (a Kubernetes Secret, say), adding a key and naming it current=");
    }
    return given(env, FILE_ENV) ? Path.of(env.get(FILE_ENV).strip()) : home.resolve(FILE);
  }

  /** The keys in {@code file}. */
  static PayloadKeys read(Path file) throws IOException {
    return PayloadKeys.parse(text(file), file.toString());
  }

  private static String text(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " does not exist: trainyard dev creates it on first start");
    }
    return Files.readString(file);
  }

  /**
   * Adds a new random key to {@code file} and makes it the current one, keeping every other key so
   * that what they encrypted keeps decoding; the id of the new key.
   */
  static String rotate(Path file) throws IOException {
    String before = text(file);
    PayloadKeys keys = PayloadKeys.parse(before, file.toString());
    int highest = keys.ids().stream().map(NUMBERED::matcher).filter(Matcher::matches)
        .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
    String id = "k" + (highest + 1);
    String kept = before.lines()
        .filter(l -> !l.strip().startsWith("current="))
        .collect(Collectors.joining("\n", "", "\n"));
    String text = kept + line(id, newKey()) + "current=" + id + "\n";
    PayloadKeys.parse(text, file.toString());
    Home.replaceSecret(file, text);
    return id;
  }

  private static String line(String id, byte[] key) {
    return id + "=" + Base64.getEncoder().encodeToString(key) + "\n";
  }

  private static byte[] newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static boolean given(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }
}
