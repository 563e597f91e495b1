package io.trainyard.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A pipeline's version: the sha256 of the canonical JSON of its parsed spec (sorted keys, defaults
 * filled), so that comments, formatting and key order do not make a new version.
 */
public final class PipelineVersion {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          .build();

  private PipelineVersion() {}

  /** The version of a parsed spec. */
  public static String of(PipelineSpec spec) {
    return digest(canonical(spec));
  }

  /** The canonical JSON text of a parsed spec. */
  public static String canonical(PipelineSpec spec) {
    try {
      return CANONICAL.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a pipeline spec did not serialize", e);
    }
  }

  /** The lower-case hex sha256 of a text's UTF-8 bytes. */
  public static String digest(String canonicalText) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(canonicalText.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
