package io.trainyard.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pipeline JSON Schema ({@code docs/schema/pipeline-v1.schema.json}), loaded from the classpath. */
public final class PipelineSchema {
  /** Where the schema is on the classpath. */
  public static final String RESOURCE = "/io/trainyard/spec/pipeline-v1.schema.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode SCHEMA_TREE = read();
  private static final Schema SCHEMA = load();

  private PipelineSchema() {}

  /**
   * Every schema violation in a document, one error per field (alternatives joined), with field
   * paths and no lines.
   */
  public static List<SpecError> validate(JsonNode document) {
    String json;
    try {
      json = JSON.writeValueAsString(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> byField = new LinkedHashMap<>();
    for (Error error : SCHEMA.validate(json, InputFormat.JSON)) {
      SpecError found = toSpecError(error);
      byField.merge(found.field(), found.message(), (a, b) -> a.equals(b) ? a : a + "; " + b);
    }
    List<SpecError> errors = new ArrayList<>();
    byField.forEach((field, message) -> errors.add(new SpecError(field, null, message)));
    return errors;
  }

  private static SpecError toSpecError(Error error) {
    String at = path(error.getInstanceLocation());
    String keyword = error.getKeyword();
    if ("additionalProperties".equals(keyword) && error.getProperty() != null) {
      return new SpecError(FieldPath.field(at, error.getProperty()), null, "unknown field '" + error.getProperty() + "'");
    }
    if ("required".equals(keyword) && error.getProperty() != null) {
      return new SpecError(FieldPath.field(at, error.getProperty()), null, "is required");
    }
    // a bad key of a map (an input or secret name) belongs to that key, not to the whole map
    if ("propertyNames".equals(keyword) && error.getProperty() != null) {
      String description = referencedDescription(error);
      return new SpecError(FieldPath.field(at, error.getProperty()), null,
          "'" + error.getProperty() + "' is not a valid name here" + (description == null ? "" : ": " + description));
    }
    // "does not match the regex pattern ..." and "must not be valid to the schema ..." say little:
    // the schema's description says what is expected
    String description = "pattern".equals(keyword) || "not".equals(keyword) ? description(error) : null;
    if (description != null) {
      String what = "pattern".equals(keyword) ? error.getInstanceNode() + " is not valid here: " : "is not valid: ";
      return new SpecError(at, null, what + description);
    }
    return new SpecError(at, null, error.getMessage());
  }

  /** The description of the subschema holding the failed keyword, when it has one. */
  private static String description(Error error) {
    String keyword = error.getSchemaLocation().getFragment().toString();
    int cut = keyword.lastIndexOf('/');
    if (cut <= 0) {
      return null;
    }
    JsonNode description = SCHEMA_TREE.at(keyword.substring(0, cut)).path("description");
    return description.isTextual() ? description.asText() : null;
  }

  /** The description of the failed keyword's subschema, or of the definition it refers to. */
  private static String referencedDescription(Error error) {
    JsonNode subschema = SCHEMA_TREE.at(error.getSchemaLocation().getFragment().toString());
    JsonNode ref = subschema.path("$ref");
    if (ref.isTextual() && ref.asText().startsWith("#")) {
      subschema = SCHEMA_TREE.at(ref.asText().substring(1));
    }
    JsonNode description = subschema.path("description");
    return description.isTextual() ? description.asText() : null;
  }

  private static String path(NodePath location) {
    String path = "";
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path = element instanceof Integer index ? FieldPath.index(path, index) : FieldPath.field(path, String.valueOf(element));
    }
    return path;
  }

  private static JsonNode read() {
    try (InputStream in = PipelineSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the pipeline schema is not on the classpath at " + RESOURCE);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema load() {
    try {
      Schema schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
              .getSchema(JSON.writeValueAsString(SCHEMA_TREE), InputFormat.JSON);
      schema.initializeValidators();
      return schema;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
