package io.trainyard.api.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.trainyard.spec.PipelineSpec;
import java.util.Map;

/**
 * The JSON of a stored spec, read and written with the same Jackson settings as Temporal payloads
 * and the registry's columns, so a stored spec reads back as the spec a run starts with.
 */
public final class SpecJson {
  // maps sorted by key: stored documents and answers list metrics and parameters in a stable order
  private static final ObjectMapper JSON =
      JacksonJsonPayloadConverter.newDefaultObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private SpecJson() {}

  /** Any value as JSON text. */
  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** A stored spec as the record a run starts with. */
  public static PipelineSpec spec(String json) {
    try {
      return JSON.readValue(json, PipelineSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored pipeline spec does not read back: " + e.getOriginalMessage(), e);
    }
  }

  /** A stored JSON object as a map (for answers). */
  public static Map<String, Object> object(String json) {
    try {
      return JSON.readValue(json, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored JSON document is not an object: " + e.getOriginalMessage(), e);
    }
  }

  /** A stored JSON document as {@code type}. */
  public static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored JSON document does not read back: " + e.getOriginalMessage(), e);
    }
  }

  /** Any value (a workflow payload) as a map of JSON values. */
  public static Map<String, Object> object(Object value) {
    return JSON.convertValue(value, OBJECT);
  }
}
