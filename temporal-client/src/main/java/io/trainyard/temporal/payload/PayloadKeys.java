package io.trainyard.temporal.payload;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that encrypt workflow payloads, by id, and which one encrypts new payloads.
 * Parsed from text of {@code id=base64key} lines (or comma-separated entries, for an environment
 * variable) and one {@code current=id}. Errors name the source and the line, never a key's value.
 */
public final class PayloadKeys {
  /** The entry that names the key new payloads are encrypted with. */
  static final String CURRENT = "current";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int KEY_BYTES = 32;

  private final Map<String, SecretKey> keys;
  private final String current;

  private PayloadKeys(Map<String, SecretKey> keys, String current) {
    this.keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
    this.current = current;
  }

  /** No keys: payloads are not encrypted, and an encrypted one is refused with the key id it needs. */
  public static PayloadKeys none() {
    return new PayloadKeys(Map.of(), null);
  }

  /** The keys in {@code text}; {@code source} (a file, an environment variable) names it in errors. */
  public static PayloadKeys parse(String text, String source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String current = null;
    String[] entries = text.split("[\\n,]");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      String at = source + ", entry " + (i + 1);
      int equals = entry.indexOf('=');
      // a bare base64 key has '=' padding: an entry that splits badly is never quoted, it may be a key
      if (equals <= 0 || equals == entry.length() - 1 || entry.charAt(equals + 1) == '=') {
        throw new IllegalArgumentException(at + ": expected id=base64key or current=id");
      }
      String name = entry.substring(0, equals).strip();
      String value = entry.substring(equals + 1).strip();
      if (name.equals(CURRENT)) {
        current = value;
      } else if (!ID.matcher(name).matches()) {
        throw new IllegalArgumentException(at + ": a key id must be 1 to 64 of A-Z a-z 0-9 . _ -");
      } else if (keys.put(name, key(value, at + " (key '" + name + "')")) != null) {
        throw new IllegalArgumentException(at + ": key id '" + name + "' appears twice");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + ": holds no key (expected id=base64key lines and current=id)");
    }
    if (current == null) {
      throw new IllegalArgumentException(source + ": names no current key (add current=id, one of " + keys.keySet() + ")");
    }
    if (!keys.containsKey(current)) {
      throw new IllegalArgumentException(source + ": current key '" + current + "' is not among its keys " + keys.keySet());
    }
    return new PayloadKeys(keys, current);
  }

  private static SecretKey key(String base64, String at) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException(at + ": not base64");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(at + ": " + bytes.length + " bytes, expected " + KEY_BYTES + " (AES-256)");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  /** Whether any key is configured (encryption is on). */
  public boolean configured() {
    return current != null;
  }

  /** The ids of the keys, sorted. */
  public Set<String> ids() {
    return keys.keySet();
  }

  /** The id of the key new payloads are encrypted with; empty when none is configured. */
  public Optional<String> currentId() {
    return Optional.ofNullable(current);
  }

  SecretKey current() {
    return keys.get(current);
  }

  /** The key {@code id}; a {@link MissingPayloadKeyException} naming it when this process lacks it. */
  SecretKey key(String id) {
    SecretKey key = keys.get(id);
    if (key == null) {
      throw new MissingPayloadKeyException(id, keys.keySet());
    }
    return key;
  }

  @Override
  public String toString() {
    return configured() ? "payload keys " + keys.keySet() + ", current '" + current + "'" : "no payload keys";
  }
}
