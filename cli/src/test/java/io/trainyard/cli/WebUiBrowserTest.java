package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.rollout.RolloutWorkflow;
import io.trainyard.temporal.payload.PayloadCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal Web UI of a {@code trainyard dev} after the example ran to production (and got a
 * paused nightly schedule), its payloads encrypted: a browser that has not signed in to the codec
 * server sees the run's input and result as ciphertext, one signed in with a viewer's token sees them
 * decoded and reads the current details; after {@code trainyard keys rotate} and a restart of the
 * dev, the run still decodes and a new run is under the new key. The browser is headless
 * Debian Chromium driven by {@code web-ui-test/check-web-ui.mjs} (playwright-core): the build installs
 * both (cli/pom.xml); the screenshots of each step stay in {@code target/web-ui/}.
 */
class WebUiBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();
  private static final Path SCRIPT = Path.of("web-ui-test/check-web-ui.mjs").toAbsolutePath();
  private static final Path SCREENSHOTS = Path.of("target/web-ui").toAbsolutePath();
  private static final String MODEL_QUERY = "TrainyardModel = \"breast-cancer-classifier\"";
  /** Text the run's current details (the workflow's markdown, {@code RunStory}) show once it reached production. */
  private static final String CURRENT_DETAILS = "promoted to production";
  private static final String SCHEDULE = "trainyard-breast-cancer";
  /** Text of the run's input (the pipeline's description) that only a decoded input shows. */
  private static final String DECODED = "Logistic regression (Tribuo)";
  /** Text of the run's result (its status as JSON) that only a decoded result shows. */
  private static final String DECODED_RESULT = "\"stage\": \"DONE\"";
  private static final List<String> STEPS = List.of("0-encrypted", "0-signed-in", "1-workflows", "2-filtered", "3-run", "4-current-details", "5-schedule");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home;
  private DevSession session;

  @AfterEach
  void stopTheDev() throws InterruptedException {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void theWebUiListsTheRunFiltersItByModelDecodesItForAViewerOnlyShowsTheScheduleAndAKeyRotationKeepsItReadable() throws Exception {
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

    String viewer = session.token("vera", "viewer");
    String history = temporal("workflow", "show", "--workflow-id", workflowId, "--output", "json");
    String accuracy = run.json().path("metrics").path("accuracy").asText();
    assertThat(accuracy).as(run.json().toString()).matches("0\\.\\d{3,}");
    List<ShownPayload> payloads = payloads(JSON.readTree(history), "");
    assertThat(payloads).as("the run's payloads").hasSizeGreaterThan(20)
        .allSatisfy(payload -> assertThat(payload.data()).doesNotContain(DECODED).doesNotContain(CURRENT_DETAILS).doesNotContain(accuracy))
        .filteredOn(payload -> !payload.encoding().equals(PayloadCipher.ENCODING))
        .as("payloads in clear besides search attributes and version markers")
        .allMatch(payload -> payload.path().contains(".searchAttributes.") || payload.path().contains(".markerRecordedEventAttributes."));
    // Temporal's own client reads the run's result through the codec server with a viewer's token
    assertThat(temporal("workflow", "show", "--workflow-id", workflowId, "--codec-endpoint", session.server() + "/codec",
        "--codec-auth", "Bearer " + viewer)).contains(CURRENT_DETAILS);

    Browser check = browse(workflowId, RolloutWorkflow.idFor(workflowId), viewer);

    assertThat(check.exit()).as("check-web-ui.mjs said:%n%s", check.output()).isZero();
    for (String step : STEPS) {
      assertThat(SCREENSHOTS.resolve(step + ".png")).as(check.output()).isNotEmptyFile();
    }

    // a key rotation, as an operator does it: rotate, restart the dev; the earlier run still decodes
    // and a new run's payloads are under the new key
    session.dev().close();
    DevSession.Result rotated = session.run(Map.of(), "keys", "rotate");
    assertThat(rotated.exit()).as(rotated.err()).isZero();
    assertThat(rotated.out().strip()).isEqualTo("k2");
    session.startDev();
    String reader = session.token("vera", "viewer");
    assertThat(temporal("workflow", "show", "--workflow-id", workflowId, "--codec-endpoint", session.server() + "/codec",
        "--codec-auth", "Bearer " + reader)).contains(CURRENT_DETAILS);
    DevSession.Result after = session.cli(session.admin(), "runs", "start", "breast-cancer", "--watch", "-o", "json");
    assertThat(after.exit()).as(after.err()).isZero();
    JsonNode started = JSON.readTree(temporal("workflow", "show", "--workflow-id", after.json().get("workflowId").asText(),
        "--output", "json")).path("events").get(0).path("workflowExecutionStartedEventAttributes").path("input").path("payloads").get(0);
    assertThat(base64(started.path("metadata").path(PayloadCipher.KEY_ID))).isEqualTo("k2");
  }

  private Browser browse(String workflowId, String childId, String viewer) throws Exception {
    clearScreenshots();
    List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString(),
        "--url", "http://127.0.0.1:" + session.temporal().uiPort,
        "--namespace", "default",
        "--workflow", workflowId,
        "--child", childId,
        "--query", MODEL_QUERY,
        "--screenshots", SCREENSHOTS.toString(),
        "--schedule", SCHEDULE,
        "--api", session.server(),
        "--viewer-token", viewer,
        "--decoded", DECODED,
        "--decoded-result", DECODED_RESULT));
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

  /** A payload as {@code temporal workflow show -o json} prints it: where, its encoding and its data, decoded from base64. */
  private record ShownPayload(String path, String encoding, String data) {}

  /** Every payload in {@code node}. */
  private static List<ShownPayload> payloads(JsonNode node, String path) {
    List<ShownPayload> found = new ArrayList<>();
    if (node.has("metadata") && node.has("data")) {
      found.add(new ShownPayload(path, base64(node.get("metadata").path("encoding")), base64(node.get("data"))));
    } else if (node.isObject()) {
      node.fields().forEachRemaining(field -> found.addAll(payloads(field.getValue(), path + "." + field.getKey())));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        found.addAll(payloads(node.get(i), path + "[" + i + "]"));
      }
    }
    return found;
  }

  private static String base64(JsonNode text) {
    return new String(Base64.getDecoder().decode(text.asText()), StandardCharsets.ISO_8859_1);
  }

  /** The Temporal CLI against the session's server, as an operator would run it. */
  private String temporal(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(CliProcess.TEMPORAL_CLI.binary().toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--address", "127.0.0.1:" + session.temporal().port));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
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
