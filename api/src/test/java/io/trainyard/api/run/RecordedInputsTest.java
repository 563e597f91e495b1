package io.trainyard.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.api.ApiTestStack;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.artifact.ContentDigest;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.PipelineParser;
import io.trainyard.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start records of its inputs, and when a reproduction is refused for them. */
class RecordedInputsTest {
  @TempDir Path dir;

  @Test
  void aStartDigestsItsExternalInputsAndAReproductionNeedsTheSameBytesUnderEach() throws Exception {
    Path data = Files.writeString(dir.resolve("points.csv"), "x,y\n1,2\n");
    PipelineSpec spec = spec(data);

    Map<String, ArtifactRef> recorded = RecordedInputs.digest(spec);

    assertThat(recorded).containsOnlyKeys("prepare.points");
    assertThat(recorded.get("prepare.points")).isEqualTo(new ArtifactRef(data.toUri().toString(), ContentDigest.of(data)));
    String json = RecordedInputs.write(recorded);
    assertThatCode(() -> RecordedInputs.requireUnchanged("r1", json, spec, RecordedInputs.digest(spec))).doesNotThrowAnyException();

    Files.writeString(data, "x,y\n1,3\n");
    assertThatThrownBy(() -> RecordedInputs.requireUnchanged("r1", json, spec, RecordedInputs.digest(spec)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).extracting(FieldProblem::field)
            .containsExactly("inputs.prepare.points"));
    Files.delete(data);
    assertThatThrownBy(() -> RecordedInputs.requireUnchanged("r1", json, spec, RecordedInputs.digest(spec)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors().get(0).message())
            .isEqualTo(data.toUri() + " no longer exists (run r1 read sha256:" + recorded.get("prepare.points").sha256() + ")"));
  }

  @Test
  void anInputTheOriginalsStartCouldNotDigestOrARunWithoutDigestsIsNeverProvenTheSame() throws Exception {
    Path data = Files.writeString(dir.resolve("points.csv"), "x,y\n1,2\n");
    PipelineSpec spec = spec(data);

    assertThatThrownBy(() -> RecordedInputs.requireUnchanged("r1", "{}", spec, RecordedInputs.digest(spec)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).singleElement()
            .satisfies(p -> assertThat(p.message()).contains("was not digested when run r1 started")));
    assertThatThrownBy(() -> RecordedInputs.requireUnchanged("r1", null, spec, RecordedInputs.digest(spec)))
        .isInstanceOf(WrongStateException.class)
        .hasMessageContaining("run r1 recorded no digests of its inputs");
  }

  private PipelineSpec spec(Path data) {
    String text = ApiTestStack.pipeline("reproducible")
        .replace("DATA_URI", data.toUri().toString())
        .replace("@TRAIN@", "true");
    return new PipelineParser(Set.of("cpu"), Set.of(), InputRoots.of(dir.resolve("home"), List.of(dir.toString())))
        .parse(text, "reproducible.yaml");
  }
}
