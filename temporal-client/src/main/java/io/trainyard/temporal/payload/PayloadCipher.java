package io.trainyard.temporal.payload;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.context.HasWorkflowSerializationContext;
import io.temporal.payload.context.SerializationContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The payload codec that encrypts each payload with AES-256-GCM under the current key, with a random
 * 96-bit nonce of its own, and decrypts with whichever key the payload names. An encrypted payload
 * is {@code encoding: binary/encrypted}, {@code encryption-key-id: <id>}, data {@code nonce ||
 * ciphertext || tag} of the whole original payload (metadata included), the layout of Temporal's
 * encryption samples. A payload written for a workflow (the SDK gives the codec its serialization
 * context) also names it in clear, {@code trainyard-workflow-id}, so that a codec server can say
 * whose payloads it decoded; the key id and that workflow id are the cipher's associated data, so
 * neither can be changed without failing authentication. Without keys, payloads pass through
 * unchanged and an encrypted one is refused naming the key it needs.
 */
public final class PayloadCipher implements PayloadCodec {
  /** The encoding of an encrypted payload. */
  public static final String ENCODING = "binary/encrypted";
  /** The metadata entry naming the key a payload is encrypted with. */
  public static final String KEY_ID = "encryption-key-id";
  /** The metadata entry naming the workflow a payload was written for, when the SDK said. */
  public static final String WORKFLOW_ID = "trainyard-workflow-id";
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final PayloadKeys keys;
  private final SecureRandom random;
  /** The workflow the payloads encrypted now are written for; empty when the SDK gave no context. */
  private final String workflowId;

  public PayloadCipher(PayloadKeys keys) {
    this(keys, new SecureRandom(), "");
  }

  private PayloadCipher(PayloadKeys keys, SecureRandom random, String workflowId) {
    this.keys = keys;
    this.random = random;
    this.workflowId = workflowId;
  }

  @Override
  public PayloadCodec withContext(SerializationContext context) {
    return context instanceof HasWorkflowSerializationContext workflow && workflow.getWorkflowId() != null
        ? new PayloadCipher(keys, random, workflow.getWorkflowId())
        : this;
  }

  /** The workflow {@code payload} names as the one it was written for; empty when it names none. */
  public static String workflowOf(Payload payload) {
    return payload.getMetadataOrDefault(WORKFLOW_ID, ByteString.EMPTY).toStringUtf8();
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return keys.configured() ? payloads.stream().map(this::encrypt).toList() : payloads;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    String id = keys.currentId().orElseThrow();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = run(Cipher.ENCRYPT_MODE, keys.current(), id, workflowId, nonce, payload.toByteArray());
    Payload.Builder encrypted = Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING_BYTES)
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(id))
        .setData(ByteString.copyFrom(nonce).concat(ByteString.copyFrom(sealed)));
    if (!workflowId.isEmpty()) {
      encrypted.putMetadata(WORKFLOW_ID, ByteString.copyFromUtf8(workflowId));
    }
    return encrypted.build();
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING_BYTES.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY))) {
      return payload;
    }
    ByteString idBytes = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY);
    if (idBytes.isEmpty()) {
      throw new PayloadCodecException("encrypted payload names no key (no " + KEY_ID + " in its metadata)");
    }
    String id = idBytes.toStringUtf8();
    SecretKey key = keys.key(id);
    ByteString data = payload.getData();
    if (data.size() < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload under key '" + id + "' is truncated: " + data.size() + " bytes");
    }
    byte[] plain = run(Cipher.DECRYPT_MODE, key, id, workflowOf(payload), data.substring(0, NONCE_BYTES).toByteArray(),
        data.substring(NONCE_BYTES).toByteArray());
    try {
      return Payload.parseFrom(plain);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("encrypted payload under key '" + id + "' decrypts to no payload", e);
    }
  }

  private static byte[] run(int mode, SecretKey key, String id, String workflowId, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      // the key id alone when no workflow is named: what the payloads of the first release carry
      cipher.updateAAD((workflowId.isEmpty() ? id : id + "\0" + workflowId).getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (AEADBadTagException altered) {
      throw new PayloadCodecException("encrypted payload under key '" + id
          + "' fails authentication: it was altered, or encrypted with another key of the same id");
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("AES-GCM under key '" + id + "' failed: " + e.getClass().getSimpleName(), e);
    }
  }
}
