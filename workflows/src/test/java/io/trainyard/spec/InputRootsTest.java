package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a step input may name: every way out of the allowed roots is refused, naming the input. */
class InputRootsTest {
  @TempDir Path temp;
  private Path home;
  private Path pipelineFolder;
  private Path outside;
  private InputRoots roots;

  @BeforeEach
  void layout() throws IOException {
    home = Files.createDirectories(temp.resolve("home"));
    Files.createDirectories(home.resolve("data"));
    Files.writeString(home.resolve("data/shared.csv"), "a,b\n");
    Files.writeString(home.resolve("jwt-secret"), "0123456789abcdef\n");
    Files.createDirectories(home.resolve("artifacts/sha256/abc"));
    pipelineFolder = Files.createDirectories(temp.resolve("pipelines/p"));
    Files.writeString(pipelineFolder.resolve("data.csv"), "a,b\n");
    outside = Files.createDirectories(temp.resolve("elsewhere"));
    Files.writeString(outside.resolve("private.csv"), "a,b\n");
    Files.createSymbolicLink(pipelineFolder.resolve("link.csv"), outside.resolve("private.csv"));
    Files.createSymbolicLink(pipelineFolder.resolve("secret"), home.resolve("jwt-secret"));
    Files.createDirectories(pipelineFolder.resolve("folder/inner"));
    Files.createSymbolicLink(pipelineFolder.resolve("folder/inner/key"), home.resolve("jwt-secret"));
    roots = InputRoots.of(home, List.of()).relativeTo(pipelineFolder);
  }

  @Test
  void theHomesDataAndThePipelinesFolderAreAllowed() throws IOException {
    assertThat(roots.allowed("data.csv")).isEqualTo(pipelineFolder.resolve("data.csv").toRealPath());
    assertThat(roots.allowed(pipelineFolder.resolve("data.csv").toUri().toString()))
        .isEqualTo(pipelineFolder.resolve("data.csv").toRealPath());
    assertThat(roots.allowed(home.resolve("data/shared.csv").toString())).isEqualTo(home.resolve("data/shared.csv").toRealPath());
    // data that arrives later is checked where it will be
    assertThat(roots.refusal("later/not-yet.csv")).isEmpty();
  }

  @Test
  void everyWayOutIsRefusedAndSaysWhy() {
    Map<String, String> refusals = Map.ofEntries(
        Map.entry("absolute path", outside.resolve("private.csv").toString()),
        Map.entry("dot-dot", "../../elsewhere/private.csv"),
        Map.entry("file URI", outside.resolve("private.csv").toUri().toString()),
        Map.entry("encoded dots", pipelineFolder.toUri() + "%2e%2e/%2e%2e/elsewhere/private.csv"),
        Map.entry("symlink", "link.csv"),
        Map.entry("home secret", home.resolve("jwt-secret").toUri().toString()),
        Map.entry("symlink into home", "secret"),
        Map.entry("symlink inside a folder", "folder"),
        Map.entry("artifacts", home.resolve("artifacts/sha256/abc").toString()),
        Map.entry("other scheme", "s3://bucket/data.csv"),
        Map.entry("file URI with a host", "file://server/etc/passwd")).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> roots.refusal(e.getValue()).orElse("ALLOWED")));

    assertThat(refusals).allSatisfy((form, why) -> assertThat(why).as(form).isNotEqualTo("ALLOWED"));
    assertThat(refusals.get("absolute path")).contains("is outside the allowed input roots");
    assertThat(refusals.get("dot-dot")).startsWith("'../../elsewhere/private.csv' climbs with '..'");
    assertThat(refusals.get("encoded dots")).contains("climbs with '..'");
    assertThat(refusals.get("symlink")).startsWith("'link.csv' is outside").contains("resolves to " + real(outside.resolve("private.csv")));
    assertThat(refusals.get("home secret")).contains("inside Trainyard's home");
    assertThat(refusals.get("symlink into home")).contains("inside Trainyard's home");
    assertThat(refusals.get("symlink inside a folder")).contains("its link inner/key resolves to");
    assertThat(refusals.get("artifacts")).contains("inside Trainyard's home");
    assertThat(refusals.get("other scheme")).contains("scheme");
  }

  @Test
  void aServerHasNoFolderForARelativePath() {
    InputRoots server = InputRoots.of(home, List.of());
    assertThat(server.refusal("data.csv")).get().asString().contains("relative to a file the server cannot see");
    assertThat(server.refusal(pipelineFolder.resolve("data.csv").toUri().toString())).get().asString()
        .contains("outside the allowed input roots (" + real(home.resolve("data")) + ")");
  }

  @Test
  void configuredRootsReplaceTheDefaultButNeverOpenTheHome() {
    InputRoots configured = InputRoots.of(home, List.of(outside.toUri().toString(), home.toString()));
    assertThat(configured.refusal(outside.resolve("private.csv").toString())).isEmpty();
    assertThat(configured.refusal(home.resolve("data/shared.csv").toString())).isEmpty();
    assertThat(configured.refusal(home.resolve("jwt-secret").toString())).get().asString().contains("inside Trainyard's home");
  }

  @Test
  void theParserNamesEveryRefusedInputAndRefusesParametersInInputs() {
    String yaml = """
        apiVersion: trainyard.io/v1
        kind: Pipeline
        metadata: {name: p}
        model: {name: m, artifact: "${steps.t.outputs.model}"}
        parameters: {file: {type: string, default: x.csv}}
        train:
          - name: t
            run: builtin:tribuo-train
            inputs: {a: data.csv, b: link.csv, c: "%s", d: "${params.file}"}
            outputs: [model]
        """.formatted(home.resolve("jwt-secret").toUri());
    SpecValidationException withHome = (SpecValidationException) catchThrowable(() -> new PipelineParser(
        PipelineParserTest.HARDWARE, PipelineParserTest.BUILTINS, roots).parse(yaml, "p.yaml"));
    assertThat(withHome.errors()).extracting(SpecError::field)
        .containsExactly("train[0].inputs.b", "train[0].inputs.c", "train[0].inputs.d");
    assertThat(withHome.errors()).allSatisfy(e -> assertThat(e.line()).isEqualTo(9));
    assertThat(withHome.errors().get(2).message()).contains("parameters, are not substituted in inputs");
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
