package io.trainyard.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a pipeline document (YAML or JSON) into a {@link PipelineSpec} and validates it strictly:
 * the JSON Schema first, then the checks a schema cannot express. Every error is reported at once,
 * with its field and source line, in a {@link SpecValidationException}.
 */
public final class PipelineParser {
  private static final ObjectMapper BINDER =
      JsonMapper.builder().enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL).build();

  private final Set<String> knownHardware;
  private final Set<String> knownBuiltins;
  private final InputRoots inputs;
  private final DocumentLimits limits;
  private final YAMLFactory yaml;
  private final ObjectMapper reader;

  /**
   * A parser for an installation that defines these hardware classes and builtin steps, reads step
   * inputs from these roots, and has the default document limits.
   */
  public PipelineParser(Set<String> knownHardware, Set<String> knownBuiltins, InputRoots inputs) {
    this(knownHardware, knownBuiltins, inputs, DocumentLimits.DEFAULT);
  }

  /** The same, refusing documents beyond these limits. */
  public PipelineParser(Set<String> knownHardware, Set<String> knownBuiltins, InputRoots inputs, DocumentLimits limits) {
    this.knownHardware = Set.copyOf(knownHardware);
    this.knownBuiltins = Set.copyOf(knownBuiltins);
    this.inputs = inputs;
    this.limits = limits;
    this.yaml = limits.yamlFactory();
    this.reader = new ObjectMapper(yaml);
  }

  /** The document limits this parser enforces, for a caller that can check a size before reading. */
  public DocumentLimits limits() {
    return limits;
  }

  /**
   * The validated spec, or {@link SpecValidationException} with every error; sourceName names the
   * document in messages. A document larger than the limit is {@link DocumentTooLargeException}, unparsed.
   */
  public PipelineSpec parse(String yamlOrJson, String sourceName) {
    return parse(yamlOrJson, sourceName, null);
  }

  /**
   * The validated spec, checking a run's parameter values ({@code --param name=value}; null: none
   * to check) in the same report: every mistake of the document and of the values at once.
   */
  public PipelineSpec parse(String yamlOrJson, String sourceName, Map<String, String> params) {
    String text = yamlOrJson == null ? "" : yamlOrJson;
    limits.check(text, sourceName);
    JsonNode tree = read(text, sourceName);
    List<SpecError> errors = new ArrayList<>(PipelineSchema.validate(tree));
    PipelineSpec spec = bind(tree, errors);
    if (spec != null) {
      List<SpecError> semantic = PipelineChecks.check(spec, knownHardware, knownBuiltins, inputs);
      // one error per field: where both found one, the semantic check's message is the more specific
      errors.removeIf(schema -> semantic.stream().anyMatch(e -> e.field().equals(schema.field())));
      errors.addAll(semantic);
    }
    List<SpecError> all = errors.isEmpty() ? new ArrayList<>() : located(errors, text);
    if (spec != null && params != null) {
      // the values have no line: they come from the command line, not the document
      all.addAll(ParameterValues.errors(spec, params));
    }
    if (!all.isEmpty()) {
      throw new SpecValidationException(all);
    }
    return spec;
  }

  private JsonNode read(String text, String sourceName) {
    JsonNode tree;
    try {
      tree = reader.readTree(text);
    } catch (StreamConstraintsException e) {
      JsonLocation at = e.getLocation();
      throw new SpecValidationException(List.of(new SpecError("", at == null ? null : at.getLineNr(), sourceName
          + " goes beyond what a pipeline document may hold: mappings and lists nested at most "
          + DocumentLimits.MAX_NESTING + " deep, numbers of at most " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits")));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new SpecValidationException(List.of(new SpecError(
          "", at == null ? null : at.getLineNr(), sourceName + " is not valid YAML: " + e.getOriginalMessage())));
    }
    if (tree == null || !tree.isObject()) {
      throw new SpecValidationException(List.of(new SpecError(
          "", 1, sourceName + " is not a pipeline: expected a mapping with apiVersion, kind, metadata, model and train")));
    }
    return tree;
  }

  /** The records, or null when the tree does not bind; then the schema has said why, or the binder does. */
  private static PipelineSpec bind(JsonNode tree, List<SpecError> errors) {
    try {
      return BINDER.treeToValue(tree, PipelineSpec.class);
    } catch (JsonMappingException e) {
      if (errors.isEmpty()) {
        errors.add(new SpecError(path(e), null, e.getOriginalMessage()));
      }
      return null;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The errors with their source lines, in source order. */
  private List<SpecError> located(List<SpecError> errors, String text) {
    SourceLines lines;
    try {
      lines = SourceLines.read(yaml, text);
    } catch (IOException e) {
      throw new UncheckedIOException("the document was read once already", e);
    }
    List<SpecError> located = new ArrayList<>();
    for (SpecError error : errors) {
      located.add(new SpecError(error.field(), lines.lineOf(error.field()), error.message()));
    }
    located.sort(Comparator.comparing(SpecError::line, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(SpecError::field));
    return located;
  }

  private static String path(JsonMappingException e) {
    String path = "";
    for (JsonMappingException.Reference ref : e.getPath()) {
      path = ref.getFieldName() != null ? FieldPath.field(path, ref.getFieldName()) : FieldPath.index(path, ref.getIndex());
    }
    return path;
  }
}
