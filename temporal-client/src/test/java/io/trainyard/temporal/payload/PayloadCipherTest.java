package io.trainyard.temporal.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.context.WorkflowSerializationContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload codec through the product's data converter: round trips, tampering, rotation, missing keys. */
class PayloadCipherTest {
  private static final String SECRET = "lr=0.0314-a-parameter-nobody-should-read";
  private static final String K1 = key();
  private static final String K2 = key();
  private static final PayloadKeys OLD = PayloadKeys.parse("k1=" + K1 + "\ncurrent=k1", "test");
  private static final PayloadKeys ROTATED = PayloadKeys.parse("k1=" + K1 + "\nk2=" + K2 + "\ncurrent=k2", "test");

  private static String key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static DataConverter converter(PayloadKeys keys) {
    return PayloadDataConverter.of(keys, PayloadKeysConfiguration.DEFAULT_COMPRESSION_THRESHOLD);
  }

  private static String encoding(Payload payload) {
    return payload.getMetadataOrThrow(EncodingKeys.METADATA_ENCODING_KEY).toStringUtf8();
  }

  @Test
  void aSmallPayloadIsEncryptedUnderTheCurrentKeyAndDecodesBack() {
    Payload encoded = converter(OLD).toPayload(Map.of("lr", SECRET)).orElseThrow();

    assertThat(encoding(encoded)).isEqualTo(PayloadCipher.ENCODING);
    assertThat(encoded.getMetadataOrThrow(PayloadCipher.KEY_ID).toStringUtf8()).isEqualTo("k1");
    assertThat(encoded.toByteString().toStringUtf8()).doesNotContain(SECRET).doesNotContain("json/plain");
    assertThat(converter(OLD).fromPayload(encoded, Map.class, Map.class)).isEqualTo(Map.of("lr", SECRET));
  }

  @Test
  void twoEncodingsOfOneValueDifferByTheirNonce() {
    assertThat(converter(OLD).toPayload(SECRET).orElseThrow().getData())
        .isNotEqualTo(converter(OLD).toPayload(SECRET).orElseThrow().getData());
  }

  @Test
  void aLargePayloadIsCompressedBeforeEncryption() {
    String large = (SECRET + " ").repeat(1000);
    Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload(large).orElseThrow();
    Payload encoded = converter(OLD).toPayload(large).orElseThrow();

    assertThat(encoded.getData().size()).as("compressed: far smaller than the clear payload").isLessThan(plain.getSerializedSize() / 10);
    Payload inner = new PayloadCipher(OLD).decode(List.of(encoded)).get(0);
    assertThat(encoding(inner)).isEqualTo("binary/zlib");
    assertThat(converter(OLD).fromPayload(encoded, String.class, String.class)).isEqualTo(large);
  }

  @Test
  void aPayloadBelowTheThresholdIsNotCompressed() {
    Payload inner = new PayloadCipher(OLD).decode(List.of(converter(OLD).toPayload(SECRET.repeat(10)).orElseThrow())).get(0);
    assertThat(encoding(inner)).isEqualTo("json/plain");
  }

  @Test
  void aPayloadChangedByOneBitIsRefused() {
    Payload encoded = converter(OLD).toPayload(SECRET).orElseThrow();
    byte[] data = encoded.getData().toByteArray();
    data[data.length / 2] ^= 0x01;
    Payload tampered = encoded.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> converter(OLD).fromPayload(tampered, String.class, String.class))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key 'k1' fails authentication");
  }

  @Test
  void aPayloadRelabelledWithAnotherKeyIdIsRefused() {
    Payload encoded = converter(ROTATED).toPayload(SECRET).orElseThrow();
    Payload relabelled = encoded.toBuilder().putMetadata(PayloadCipher.KEY_ID, ByteString.copyFromUtf8("k1")).build();

    assertThatThrownBy(() -> converter(ROTATED).fromPayload(relabelled, String.class, String.class))
        .hasMessageContaining("key 'k1' fails authentication");
  }

  @Test
  void aPayloadWrittenForAWorkflowNamesItAndCannotBeMovedToAnother() {
    DataConverter forRun = converter(OLD).withContext(new WorkflowSerializationContext("default", "run-1"));
    Payload encoded = forRun.toPayload(SECRET).orElseThrow();
    Payload moved = encoded.toBuilder().putMetadata(PayloadCipher.WORKFLOW_ID, ByteString.copyFromUtf8("run-2")).build();

    assertThat(PayloadCipher.workflowOf(encoded)).isEqualTo("run-1");
    assertThat(converter(OLD).fromPayload(encoded, String.class, String.class)).isEqualTo(SECRET);
    assertThatThrownBy(() -> converter(OLD).fromPayload(moved, String.class, String.class))
        .hasMessageContaining("key 'k1' fails authentication");
  }

  @Test
  void afterRotationOldPayloadsStillDecodeAndNewOnesUseTheNewKey() {
    Payload underOld = converter(OLD).toPayload(SECRET).orElseThrow();
    Payload underNew = converter(ROTATED).toPayload(SECRET).orElseThrow();

    assertThat(underNew.getMetadataOrThrow(PayloadCipher.KEY_ID).toStringUtf8()).isEqualTo("k2");
    assertThat(converter(ROTATED).fromPayload(underOld, String.class, String.class)).isEqualTo(SECRET);
    assertThat(converter(ROTATED).fromPayload(underNew, String.class, String.class)).isEqualTo(SECRET);
  }

  @Test
  void aPayloadUnderAnUnknownKeyIsRefusedNamingThatKey() {
    Payload underNew = converter(ROTATED).toPayload(SECRET).orElseThrow();

    assertThatThrownBy(() -> converter(OLD).fromPayload(underNew, String.class, String.class))
        .isInstanceOfSatisfying(MissingPayloadKeyException.class, e -> assertThat(e.keyId()).isEqualTo("k2"))
        .hasMessageContaining("encrypted with key 'k2', which this process does not have (it has [k1])")
        .hasMessageNotContaining(K1).hasMessageNotContaining(K2);
  }

  @Test
  void withoutKeysPayloadsStayAsTheDefaultConverterWritesThemAndAnEncryptedOneIsRefused() {
    DataConverter off = converter(PayloadKeys.none());
    assertThat(off.toPayload(SECRET)).isEqualTo(DefaultDataConverter.STANDARD_INSTANCE.toPayload(SECRET));
    String large = SECRET.repeat(1000);
    assertThat(off.toPayload(large)).as("no compression either").isEqualTo(DefaultDataConverter.STANDARD_INSTANCE.toPayload(large));

    Payload encrypted = converter(OLD).toPayload(SECRET).orElseThrow();
    assertThatThrownBy(() -> off.fromPayload(encrypted, String.class, String.class))
        .isInstanceOf(MissingPayloadKeyException.class)
        .hasMessageContaining("encrypted with key 'k1', but this process has no payload keys")
        .hasMessageContaining("trainyard.payloads.key-file or TRAINYARD_PAYLOADS_KEYS");
  }

  @Test
  void aWorkflowsArgumentsDecodeAsAWorkerReadsThem() {
    var payloads = converter(OLD).toPayloads("run-1", 42);
    assertThat(payloads.orElseThrow().getPayloadsList()).allSatisfy(p -> assertThat(encoding(p)).isEqualTo(PayloadCipher.ENCODING));
    assertThat(converter(ROTATED).fromPayloads(1, payloads, Integer.class, Integer.class)).isEqualTo(42);
    assertThatThrownBy(() -> DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0, payloads, String.class, String.class))
        .as("the SDK's default converter cannot read it").isInstanceOf(DataConverterException.class);
  }
}
