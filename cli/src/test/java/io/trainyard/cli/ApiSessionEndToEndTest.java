package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's session as a new user lives it, every piece its own process: {@code trainyard dev},
 * tokens from {@code token create}, and the CLI over the REST API. A good version goes to
 * production; the governed pipeline's run waits at its gate; the operator who started it cannot
 * approve it (403, exit 4); an approver can; the run reaches production; a rollback restores the
 * earlier version; the audit trail shows all of it.
 */
class ApiSessionEndToEndTest {
  private static final Path EXAMPLE = Path.of("../examples/breast-cancer").toAbsolutePath();
  private static final String MODEL = "breast-cancer-classifier";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home;
  private DevSession session;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void registerStartWaitFourEyesApproveRollOutRollBackAndAudit() throws Exception {
    // the dev allows the examples folder, as bin/trainyard points it there, so that registered examples run
    session = DevSession.start(home, Map.of("TRAINYARD_EXAMPLES", EXAMPLE.getParent().toString()));
    String admin = session.admin();
    String olivia = token("olivia", "operator", "viewer", "approver");
    String arthur = token("arthur", "approver", "viewer");

    // a good version in production first, so that there is something to roll back to
    assertThat(cli(olivia, "pipelines", "register", EXAMPLE.resolve("pipeline.yaml").toString()).exit()).isZero();
    DevSession.Result first = cli(olivia, "runs", "start", "breast-cancer", "--watch", "-o", "json");
    assertThat(first.exit()).as(first.err()).isZero();
    // the example reproduces: its recorded inputs give every step's outputs again, byte for byte
    DevSession.Result reproduced = cli(olivia, "runs", "reproduce", first.json().get("runId").asText());
    assertThat(reproduced.exit()).as(reproduced.err()).isZero();
    assertThat(reproduced.out() + reproduced.err()).contains("reproduced: every step's outputs equal");

    DevSession.Result registered = cli(olivia, "pipelines", "register", EXAMPLE.resolve("governed.yaml").toString(), "-o", "json");
    assertThat(registered.exit()).as(registered.err()).isZero();
    assertThat(registered.json().get("version").asInt()).isEqualTo(1);

    DevSession.Result started = cli(olivia, "runs", "start", "breast-cancer-governed", "--idempotency-key", "session-1", "-o", "json");
    assertThat(started.exit()).as(started.err()).isZero();
    String runId = started.json().get("runId").asText();
    assertThat(cli(olivia, "runs", "start", "breast-cancer-governed", "--idempotency-key", "session-1", "-o", "json")
        .json().get("runId").asText()).as("a retried start is the same run").isEqualTo(runId);

    JsonNode waiting = awaitWaiting(olivia, runId);
    assertThat(waiting.get("startedBy").asText()).isEqualTo("olivia");
    assertThat(waiting.at("/trigger/kind").asText()).as("the CLI's User-Agent makes it a cli start").isEqualTo("cli");

    DevSession.Result ownApproval = cli(olivia, "approve", runId, "--comment", "looks fine to me");
    assertThat(ownApproval.exit()).as(ownApproval.err()).isEqualTo(Trainyard.NOT_ALLOWED);
    assertThat(ownApproval.err()).contains("Not allowed");

    DevSession.Result approval = cli(arthur, "approve", runId, "--comment", "metrics checked", "-o", "json");
    assertThat(approval.exit()).as(approval.err()).isZero();
    assertThat(approval.json().get("outcome").asText()).isEqualTo("approved");

    DevSession.Result watched = cli(olivia, "runs", "watch", runId);
    assertThat(watched.exit()).as(watched.err()).isZero();
    JsonNode run = cli(olivia, "runs", "get", runId, "-o", "json").json();
    assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    int governed = run.get("modelVersion").asInt();
    assertThat(production(olivia)).isEqualTo(governed);
    // its lineage: the builtins ran in the dev's worker, at the code version that started the run
    JsonNode version = cli(olivia, "models", "get", MODEL, "-o", "json").json().get("versions").get(0);
    assertThat(version.get("version").asInt()).isEqualTo(governed);
    assertThat(version.get("steps")).isNotEmpty().allSatisfy(step -> {
      assertThat(step.get("executor").asText()).isEqualTo("builtin");
      assertThat(step.get("builtin").asText()).isNotBlank();
      assertThat(step.get("builtinVersion").asText()).isEqualTo(version.get("codeVersion").asText());
      assertThat(step.get("imageDigest").isNull()).isTrue();
    });
    assertThat(cli(olivia, "models", "get", MODEL).out()).contains("builtin:tribuo-train@" + version.get("codeVersion").asText());

    DevSession.Result rollback = cli(olivia, "models", "rollback", MODEL, "--reason", "session: back to the earlier version", "-o", "json");
    assertThat(rollback.exit()).as(rollback.err()).isZero();
    assertThat(rollback.json().get("mode").asText()).isEqualTo("restore");
    awaitProduction(olivia, governed - 1);

    JsonNode audit = cli(admin, "audit", "--limit", "100", "-o", "json").json();
    List<String> rows = new ArrayList<>();
    audit.get("items").forEach(i -> rows.add(i.get("actor").asText() + " " + i.get("action").asText() + " " + i.get("outcome").asText()));
    assertThat(rows).contains(
        "olivia pipeline.register ok", "olivia run.start ok", "olivia run.approve refused",
        "arthur run.approve ok", "olivia model.rollback ok");
    audit.get("items").forEach(i -> assertThat(i.get("requestId").asText()).isNotBlank());
    assertThat(cli(olivia, "audit").exit()).as("the audit trail is for admins").isEqualTo(Trainyard.NOT_ALLOWED);
  }

  private JsonNode awaitWaiting(String token, String runId) throws Exception {
    return session.awaitRun(token, runId, run -> "WAITING_APPROVAL".equals(run.path("state").asText()), Duration.ofMinutes(3));
  }

  private int production(String token) throws Exception {
    JsonNode model = cli(token, "models", "get", MODEL, "-o", "json").json();
    return model.get("aliases").get("production").asInt();
  }

  private void awaitProduction(String token, int version) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (production(token) != version) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("production never came back to version " + version);
      }
      Thread.sleep(500);
    }
  }

  private String token(String user, String... roles) throws Exception {
    return session.token(user, roles);
  }

  private DevSession.Result cli(String token, String... args) throws Exception {
    return session.cli(token, args);
  }
}
