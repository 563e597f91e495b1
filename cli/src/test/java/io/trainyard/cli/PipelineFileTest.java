package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.trainyard.spec.DocumentLimits;
import io.trainyard.spec.DocumentTooLargeException;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.PipelineParser;
import io.trainyard.step.BuiltinStep;
import io.trainyard.tabular.TabularSteps;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainyard run} refuses a pipeline file over the size limit before it reads it. */
class PipelineFileTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "breast-cancer", "pipeline.yaml");

  @Test
  void aFileOverTheLimitIsRefusedByItsSizeUnread(@TempDir Path dir) throws Exception {
    // 3 GiB, sparse: reading it whole would fail (no String that long) rather than name the limit
    Path huge = dir.resolve("huge.yaml");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(3L << 30);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertThat(RunExecution.load(huge, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8))).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(huge + " is " + (3L << 30) + " bytes; a pipeline document may have at most "
            + DocumentLimits.DEFAULT_MAX_BYTES + " bytes (trainyard.pipelines.max-document-size)")
        .contains("nothing was started");
  }

  @Test
  void theLimitIsTheOneGiven(@TempDir Path home) throws Exception {
    long size = Files.size(EXAMPLE);
    assertThat(PipelineFile.load(EXAMPLE, Map.of(), parser(home, new DocumentLimits(size))).spec().name())
        .isEqualTo("breast-cancer");
    DocumentTooLargeException e = catchThrowableOfType(DocumentTooLargeException.class,
        () -> PipelineFile.load(EXAMPLE, Map.of(), parser(home, new DocumentLimits(size - 1))));
    assertThat(e.size()).isEqualTo(size);
    assertThat(e.limit()).isEqualTo(size - 1);
  }

  private static PipelineParser parser(Path home, DocumentLimits limits) {
    return new PipelineParser(Set.of("cpu", "gpu"),
        TabularSteps.all().stream().map(BuiltinStep::name).collect(Collectors.toSet()),
        InputRoots.of(home, List.of()).relativeTo(EXAMPLE.toAbsolutePath().getParent()), limits);
  }
}
