package io.trainyard.temporal.payload;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;

/**
 * Where the payload keys come from: a file ({@code trainyard.payloads.key-file}, env {@code
 * TRAINYARD_PAYLOADS_KEY_FILE}) or the text itself ({@code trainyard.payloads.keys}, env {@code
 * TRAINYARD_PAYLOADS_KEYS}, entries separated by commas); neither means payloads are not
 * encrypted. Payloads of {@code compression-threshold} bytes or more are compressed before
 * encryption (0: never).
 */
@ConfigurationProperties(PayloadKeysConfiguration.PREFIX)
public record PayloadKeysConfiguration(
    @Nullable Path keyFile,
    @Nullable String keys,
    @Bindable(defaultValue = "" + PayloadKeysConfiguration.DEFAULT_COMPRESSION_THRESHOLD) int compressionThreshold) {

  public static final String PREFIX = "trainyard.payloads";
  /** 4 KiB: below it, zlib saves little and costs a deflate per payload. */
  public static final int DEFAULT_COMPRESSION_THRESHOLD = 4096;

  public PayloadKeysConfiguration {
    keys = keys == null || keys.isBlank() ? null : keys;
    if (keyFile != null && keys != null) {
      throw new IllegalArgumentException(PREFIX + ".key-file and " + PREFIX + ".keys are both set: configure one");
    }
    if (compressionThreshold < 0) {
      throw new IllegalArgumentException(PREFIX + ".compression-threshold " + compressionThreshold + ": expected 0 (off) or more");
    }
  }

  /** The configuration with no keys (payloads in clear) and the default compression threshold. */
  public static PayloadKeysConfiguration none() {
    return new PayloadKeysConfiguration(null, null, DEFAULT_COMPRESSION_THRESHOLD);
  }
}
