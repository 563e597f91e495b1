package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.step.StepSeed;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainyard step --builtin NAME}, run as its own JVM the way a builtin step's pod runs it:
 * the breast-cancer example's split, train and evaluate chained through their contract
 * environments, on the real data.
 */
class StepCommandTest {
  private static final Path DATA = Path.of("../examples/breast-cancer/data/breast-cancer-wisconsin.csv");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void splitTrainAndEvaluateRunFromTheirContractEnvironmentsWithoutRegistryTemporalOrHttp() throws Exception {
    Path home = Files.createDirectories(temp.resolve("home"));
    // where a started application would connect to Temporal and bind its HTTP server: held here
    try (ServerSocketChannel temporal = listening(); ServerSocketChannel http = listening()) {
      Map<String, String> application = Map.of(
          "TRAINYARD_TEMPORAL_TARGET", "127.0.0.1:" + port(temporal),
          "MICRONAUT_SERVER_PORT", Integer.toString(port(http)));

      Path split = step(home, application, "tabular-split", "split", "{}",
          "{\"label\": \"diagnosis\", \"holdout_fraction\": \"0.3\", \"seed\": \"42\"}",
          Map.of("DATA", DATA.toAbsolutePath().toString()));
      assertThat(split.resolve("train")).isNotEmptyFile();
      assertThat(split.resolve("holdout")).isNotEmptyFile();
      assertThat(split.resolve("scaler")).isNotEmptyFile();
      assertThat(metrics(split)).containsEntry("rows_train", 398.0).containsEntry("rows_holdout", 171.0);

      Path train = step(home, application, "tribuo-train", "train",
          "{\"learning_rate\": 0.5, \"epochs\": 20, \"seed\": 42, \"serving_scaling\": \"standard\"}", "{}",
          Map.of("TRAIN", split.resolve("train").toString(), "SCALER", split.resolve("scaler").toString()));
      assertThat(train.resolve("model")).exists();

      Path evaluate = step(home, application, "tribuo-evaluate", "evaluate", "{}", "{\"positive\": \"malignant\"}",
          Map.of("MODEL", train.resolve("model").toString(), "HOLDOUT", split.resolve("holdout").toString(),
              "SCALER", split.resolve("scaler").toString()));
      assertThat(metrics(evaluate).get("accuracy")).isGreaterThan(0.9);
      assertThat(metrics(evaluate).get("auc")).isGreaterThan(0.9);

      temporal.configureBlocking(false);
      assertThat(temporal.accept()).as("a connection to the Temporal target").isNull();
    }
    try (Stream<Path> files = Files.list(home)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.endsWith(".out") && !f.endsWith(".err")))
          .as("files in the home besides the test's logs (a registry database would be one)")
          .isEmpty();
    }
  }

  @Test
  void anUnknownBuiltinExitsTwoListingTheKnownOnes() throws Exception {
    CliProcess step = CliProcess.start(temp, Map.of(), "step", "--builtin", "tabular-spilt");

    assertThat(step.waitFor(Duration.ofMinutes(1))).isEqualTo(Trainyard.INVALID_INPUT);
    assertThat(step.stderr())
        .contains("unknown builtin 'tabular-spilt'; known builtins: tabular-split, tribuo-evaluate, tribuo-train");
    assertThat(step.stdout()).isEmpty();
  }

  @Test
  void aMissingContractVariableExitsTwoNamingIt() throws Exception {
    CliProcess step = CliProcess.start(temp, Map.of("TRAINYARD_RUN_ID", "r1"), "step", "--builtin", "tabular-split");

    assertThat(step.waitFor(Duration.ofMinutes(1))).isEqualTo(Trainyard.INVALID_INPUT);
    assertThat(step.stderr()).contains("the step contract is incomplete: TRAINYARD_STEP is not set");
  }

  /** Run one builtin as its own process; returns its output directory. */
  private Path step(Path home, Map<String, String> application, String builtin, String step, String params, String with,
      Map<String, String> inputs) throws Exception {
    Path out = temp.resolve(step).resolve("out");
    Map<String, String> env = new HashMap<>(application);
    env.put("TRAINYARD_RUN_ID", "run-1");
    env.put("TRAINYARD_STEP", step);
    env.put("TRAINYARD_ATTEMPT", "1");
    env.put("TRAINYARD_SEED", Long.toString(StepSeed.of(Map.of("seed", 42), step)));
    env.put("TRAINYARD_HARDWARE", "cpu");
    env.put("TRAINYARD_PARAMS", params);
    env.put("TRAINYARD_WITH", with);
    inputs.forEach((name, path) -> env.put("TRAINYARD_INPUT_" + name, path));
    env.put("TRAINYARD_OUTPUT_DIR", out.toString());
    env.put("TRAINYARD_CHECKPOINT_DIR", temp.resolve(step).resolve("checkpoint").toString());
    env.put("TRACEPARENT", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    CliProcess process = CliProcess.start(home, env, "step", "--builtin", builtin);

    assertThat(process.waitFor(Duration.ofMinutes(2))).as(process.stderr()).isZero();
    assertThat(process.stdout())
        .contains("builtin:" + builtin + " run run-1 step " + step + " attempt 1 started")
        .contains("builtin:" + builtin + " succeeded in ");
    return out;
  }

  private static ServerSocketChannel listening() throws Exception {
    return ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
  }

  private static int port(ServerSocketChannel channel) throws Exception {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  private static Map<String, Double> metrics(Path outputDir) throws Exception {
    return JSON.readValue(outputDir.resolve("metrics.json").toFile(), new TypeReference<Map<String, Double>>() {});
  }
}
