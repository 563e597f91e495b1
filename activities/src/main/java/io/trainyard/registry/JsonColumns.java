package io.trainyard.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.util.Map;

/**
 * The JSON text the registry keeps in its {@code *_json} columns, written with the same Jackson
 * settings as Temporal payloads so a stored document reads back as the payload it came from.
 */
final class JsonColumns {

  // maps sorted by key: stored documents and answers list metrics and parameters in a stable order
  private static final ObjectMapper JSON =
      JacksonJsonPayloadConverter.newDefaultObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};

  private JsonColumns() {}

  /** An object as JSON text; {@code null} becomes an empty JSON object. */
  static String write(Object value) {
    if (value == null) {
      return "{}";
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot store a " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A metrics column (name to number) read back. */
  static Map<String, Double> metrics(String json) {
    try {
      return JSON.readValue(json, METRICS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored metrics are not a JSON object of numbers: " + json, e);
    }
  }
}
