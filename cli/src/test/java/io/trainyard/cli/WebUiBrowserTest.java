package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.rollout.RolloutWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal Web UI of a {@code trainyard dev} after the example ran to production (and got a
 * paused nightly schedule), in headless
 * Debian Chromium driven by {@code web-ui-test/check-web-ui.mjs} (playwright-core): the build installs
 * both (cli/pom.xml); the screenshots of each step stay in {@code target/web-ui/}.
 */
class WebUiBrowserTest {
  private static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();
  private static final Path SCRIPT = Path.of("web-ui-test/check-web-ui.mjs").toAbsolutePath();
  private static final Path SCREENSHOTS = Path.of("target/web-ui").toAbsolutePath();
  private static final String MODEL_QUERY = "TrainyardModel = \"breast-cancer-classifier\"";
  /** Text the run's current details (the workflow's markdown, {@code RunStory}) show once it reached production. */
  private static final String CURRENT_DETAILS = "promoted to production";
  private static final String SCHEDULE = "trainyard-breast-cancer";
  private static final List<String> STEPS = List.of("1-workflows", "2-filtered", "3-run", "4-current-details", "5-schedule");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home;
  private DevSession session;

  @AfterEach
  void stopTheDev() throws InterruptedException {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void theWebUiListsTheRunAndItsRolloutChildFiltersThemByModelShowsTheRunsCurrentDetailsAndTheSchedule() throws Exception {
    session = DevSession.start(home, Map.of("TRAINYARD_EXAMPLES", EXAMPLES.toString()));
    String admin = session.admin();
    DevSession.Result registered = session.cli(admin, "pipelines", "register", EXAMPLES.resolve("breast-cancer/pipeline.yaml").toString());
    assertThat(registered.exit()).as(registered.err()).isZero();
    // the model's first version goes straight to production; the second is canaried by a rollout child
    DevSession.Result first = session.cli(admin, "runs", "start", "breast-cancer", "--watch", "-o", "json");
    assertThat(first.exit()).as(first.err()).isZero();
    DevSession.Result run = session.cli(admin, "runs", "start", "breast-cancer", "--watch", "-o", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    String workflowId = run.json().get("workflowId").asText();
    DevSession.Result schedule = session.cli(admin, "schedules", "create", "breast-cancer", "--cron", "0 3 * * *",
        "--timezone", "Europe/Paris", "--paused", "--note", "nightly retraining, paused for the test");
    assertThat(schedule.exit()).as(schedule.err()).isZero();

    Browser check = browse(workflowId, RolloutWorkflow.idFor(workflowId));

    assertThat(check.exit()).as("check-web-ui.mjs said:%n%s", check.output()).isZero();
    for (String step : STEPS) {
      assertThat(SCREENSHOTS.resolve(step + ".png")).as(check.output()).isNotEmptyFile();
    }
  }

  private Browser browse(String workflowId, String childId) throws Exception {
    clearScreenshots();
    List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString(),
        "--url", "http://127.0.0.1:" + session.temporal().uiPort,
        "--namespace", "default",
        "--workflow", workflowId,
        "--child", childId,
        "--query", MODEL_QUERY,
        "--screenshots", SCREENSHOTS.toString(),
        "--schedule", SCHEDULE));
    if (!CURRENT_DETAILS.isEmpty()) {
      command.addAll(List.of("--current-details", CURRENT_DETAILS));
    }
    Path log = SCREENSHOTS.resolve("check-web-ui.log");
    Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!node.waitFor(3, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new AssertionError("check-web-ui.mjs did not end within 3 minutes:\n" + Files.readString(log));
    }
    return new Browser(node.exitValue(), Files.readString(log));
  }

  private static void clearScreenshots() throws IOException {
    Files.createDirectories(SCREENSHOTS);
    try (var files = Files.list(SCREENSHOTS)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  private record Browser(int exit, String output) {}
}
