package io.trainyard.temporal.payload;

import io.temporal.payload.codec.PayloadCodecException;
import java.util.Set;

/** A payload is encrypted with a key this process does not have: its message names the key id. */
public final class MissingPayloadKeyException extends PayloadCodecException {
  private final String keyId;

  MissingPayloadKeyException(String keyId, Set<String> known) {
    super(known.isEmpty()
        ? "payload is encrypted with key '" + keyId + "', but this process has no payload keys: configure "
            + PayloadKeysConfiguration.PREFIX + ".key-file or TRAINYARD_PAYLOADS_KEYS with that key"
        : "payload is encrypted with key '" + keyId + "', which this process does not have (it has " + known
            + "): add that key to its payload keys");
    this.keyId = keyId;
  }

  /** The id of the key that is missing. */
  public String keyId() {
    return keyId;
  }
}
