package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineVersionTest {
  private final PipelineParser parser = PipelineParserTest.parser();

  private static final String BLOCK = """
      # the original
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata:
        name: p
      model:
        name: m
        artifact: ${steps.fit.outputs.model}
      parameters:
        epochs: {type: integer, default: 20}
        rate: {type: number, default: 0.5}
      train:
        - name: fit
          run: python fit.py
          inputs:
            data: data.csv
            extra: more.csv
          outputs: [model]
      """;

  /** The same pipeline: flow style, other key order, comments, and defaults written out. */
  private static final String REFORMATTED = """
      kind: Pipeline
      apiVersion: "trainyard.io/v1"
      metadata: {name: p}   # same name
      parameters:
        rate:   {default: 0.5, type: number}
        epochs: {type: integer, default: 20}
      model: {artifact: "${steps.fit.outputs.model}", name: m}
      train:
        - {name: fit, run: "python fit.py", inputs: {extra: more.csv, data: data.csv}, outputs: [model],
           retries: 2, hardware: [cpu], cache: true, timeout: 30m}
      """;

  @Test
  void versionIgnoresFormattingCommentsKeyOrderAndSpelledOutDefaults() {
    String version = PipelineVersion.of(parser.parse(BLOCK, "a.yaml"));

    assertThat(version).matches("[0-9a-f]{64}");
    assertThat(PipelineVersion.of(parser.parse(REFORMATTED, "b.yaml"))).isEqualTo(version);
  }

  @Test
  void versionChangesWithContent() {
    String version = PipelineVersion.of(parser.parse(BLOCK, "a.yaml"));

    assertThat(PipelineVersion.of(parser.parse(BLOCK.replace("default: 20", "default: 21"), "a.yaml")))
        .isNotEqualTo(version);
    assertThat(PipelineVersion.of(parser.parse(BLOCK.replace("python fit.py", "python fit2.py"), "a.yaml")))
        .isNotEqualTo(version);
  }

  @Test
  void canonicalTextHasSortedKeys() {
    String canonical = PipelineVersion.canonical(parser.parse(BLOCK, "a.yaml"));

    assertThat(canonical).startsWith("{\"apiVersion\":\"trainyard.io/v1\",\"evaluate\":[],\"gate\":");
    assertThat(canonical.indexOf("\"data\":\"data.csv\"")).isLessThan(canonical.indexOf("\"extra\":\"more.csv\""));
    assertThat(canonical).doesNotContain("\"builtin\"");
  }

  @Test
  void digestIsSha256Hex() {
    assertThat(PipelineVersion.digest("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
