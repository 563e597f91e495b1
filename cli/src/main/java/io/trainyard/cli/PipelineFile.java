package io.trainyard.cli;

import io.trainyard.spec.ParameterValues;
import io.trainyard.spec.PipelineParser;
import io.trainyard.spec.PipelineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** A pipeline file read and validated: its spec, and the run's parameter values (typed, defaults filled). */
record PipelineFile(Path path, PipelineSpec spec, Map<String, Object> params) {

  /**
   * Read and validate with {@code parser}, whose input roots take relative paths against the
   * file's folder; {@code SpecValidationException} lists every mistake. A file larger than the
   * parser's document limit is {@code DocumentTooLargeException} before it is read.
   */
  static PipelineFile load(Path path, Map<String, String> overrides, PipelineParser parser) throws IOException {
    String text;
    try {
      parser.limits().check(Files.size(path), path.toString());
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path + ": no such pipeline file");
    }
    PipelineSpec parsed = parser.parse(text, path.toString(), overrides);
    Map<String, Object> params = ParameterValues.resolve(parsed, overrides);
    return new PipelineFile(path, parsed, params);
  }
}
