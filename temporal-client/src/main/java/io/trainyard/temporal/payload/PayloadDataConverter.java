package io.trainyard.temporal.payload;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The one data converter of every Temporal client and worker Trainyard builds: the SDK's default
 * converter, then {@link LargePayloadCompression}, then {@link PayloadCipher} (decoding runs the
 * other way). With no keys it writes exactly what the default converter writes.
 */
public final class PayloadDataConverter {
  private PayloadDataConverter() {}

  /** The converter for {@code config}, reading its key file when it names one. */
  public static CodecDataConverter of(PayloadKeysConfiguration config) {
    return of(keys(config), config.compressionThreshold());
  }

  /** The converter with {@code keys}, compressing payloads of {@code compressionThreshold} bytes or more (0: never). */
  public static CodecDataConverter of(PayloadKeys keys, int compressionThreshold) {
    // ChainCodec encodes from the last codec to the first: compress, then encrypt
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(),
        List.of(new PayloadCipher(keys), new LargePayloadCompression(keys.configured() ? compressionThreshold : 0)));
  }

  private static PayloadKeys keys(PayloadKeysConfiguration config) {
    if (config.keys() != null) {
      return PayloadKeys.parse(config.keys(), PayloadKeysConfiguration.PREFIX + ".keys (TRAINYARD_PAYLOADS_KEYS)");
    }
    if (config.keyFile() == null) {
      return PayloadKeys.none();
    }
    String source = PayloadKeysConfiguration.PREFIX + ".key-file " + config.keyFile();
    try {
      return PayloadKeys.parse(Files.readString(config.keyFile()), source);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
