package io.trainyard.temporal.payload;

import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.ZlibPayloadCodec;
import java.util.List;

/**
 * The payload codec that compresses payloads of at least a threshold size with the SDK's zlib codec
 * (which keeps a payload as it is when compression would not shrink it) and leaves smaller ones
 * alone; it decodes every {@code binary/zlib} payload whatever its size.
 */
public final class LargePayloadCompression implements PayloadCodec {
  private final ZlibPayloadCodec zlib = new ZlibPayloadCodec();
  private final int threshold;

  /** Compression of payloads of {@code threshold} bytes or more (serialized); 0 turns it off. */
  public LargePayloadCompression(int threshold) {
    if (threshold < 0) {
      throw new IllegalArgumentException("compression threshold " + threshold + ": expected 0 (off) or more");
    }
    this.threshold = threshold;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encode).toList();
  }

  private Payload encode(Payload payload) {
    return threshold > 0 && payload.getSerializedSize() >= threshold ? zlib.encode(List.of(payload)).get(0) : payload;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return zlib.decode(payloads);
  }
}
