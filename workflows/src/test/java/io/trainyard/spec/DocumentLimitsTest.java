package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parser refuses a document over the size limit unread, and reads the rest within YAML limits. */
class DocumentLimitsTest {
  private static final String VALID = """
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata: {name: small}
      model: {name: m, artifact: "${steps.fit.outputs.model}"}
      train: [{name: fit, run: "python fit.py", outputs: [model], hardware: cpu}]
      """;

  @Test
  void aDocumentOverTheLimitIsRefusedWithItsSizeInBytes() {
    // 'é' is two bytes in UTF-8: the limit counts bytes, not characters
    String text = VALID + "# " + "é".repeat(100) + "\n";
    int bytes = VALID.length() + 2 + 200 + 1;
    PipelineParser exact = parser(new DocumentLimits(bytes));
    assertThat(exact.parse(text, "p.yaml").name()).isEqualTo("small");

    DocumentTooLargeException e = catchThrowableOfType(DocumentTooLargeException.class,
        () -> parser(new DocumentLimits(bytes - 1)).parse(text, "p.yaml"));
    assertThat(e.size()).isEqualTo(bytes);
    assertThat(e).hasMessage("p.yaml is " + bytes + " bytes; a pipeline document may have at most " + (bytes - 1)
        + " bytes (trainyard.pipelines.max-document-size)");
  }

  @Test
  void theDefaultIsOneMebibyte() {
    PipelineParser parser = parser(DocumentLimits.DEFAULT);
    String huge = VALID + "#" + "x".repeat((int) DocumentLimits.DEFAULT_MAX_BYTES) + "\n";
    assertThatThrownBy(() -> parser.parse(huge, "huge.yaml")).isInstanceOf(DocumentTooLargeException.class);
    assertThat(DocumentLimits.DEFAULT_MAX_BYTES).isEqualTo(1024 * 1024);
  }

  @Test
  void nestingDeeperThanTheLimitIsAnErrorOfTheDocument() {
    PipelineParser parser = parser(DocumentLimits.DEFAULT);
    String within = VALID.replace("metadata: {name: small}", "metadata: {name: small, labels: {a: {b: {c: d}}}}");
    assertThatThrownBy(() -> parser.parse(within, "p.yaml")).isInstanceOf(SpecValidationException.class)
        .hasMessageNotContaining("nested");
    String deep = VALID + "x: " + "[".repeat(DocumentLimits.MAX_NESTING) + "]".repeat(DocumentLimits.MAX_NESTING) + "\n";
    assertThatThrownBy(() -> parser.parse(deep, "deep.yaml"))
        .isInstanceOf(SpecValidationException.class)
        .hasMessage("(document): deep.yaml goes beyond what a pipeline document may hold: mappings and lists nested at most "
            + DocumentLimits.MAX_NESTING + " deep, numbers of at most 1000 digits");
  }

  @Test
  void aLimitOutsideOneByteToTwoGibibytesIsRefused() {
    assertThatThrownBy(() -> new DocumentLimits(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DocumentLimits(1L << 31)).isInstanceOf(IllegalArgumentException.class);
  }

  private static PipelineParser parser(DocumentLimits limits) {
    return new PipelineParser(Set.of("cpu"), Set.of(), InputRoots.of(Path.of("target/no-home"), List.of()), limits);
  }
}
