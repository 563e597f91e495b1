package io.trainyard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/observability as Prometheus and Grafana get it: the alert rules pass {@code promtool check
 * rules} and fire on the series they are written for ({@code promtool test rules}, one case per
 * alert at least), the dashboard's queries parse as PromQL, the kustomization renders the PodMonitor
 * and the rules and dashboard ConfigMaps, and every metric the rules and the dashboard use is
 * documented in docs/operations.md. promtool is
 * Debian's, installed by {@code bin/promtool} into the build home's tools folder on first use.
 */
class ObservabilityTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path OBSERVABILITY = REPO.resolve("deploy/observability");
  private static final Path TOOLS = Path.of(System.getProperty("trainyard.build-home", "../.trainyard")).toAbsolutePath().resolve("tools");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern METRIC = Pattern.compile("\\b(trainyard_[a-z_]+|temporal_[a-z_]+|http_server_requests_seconds)");

  @Test
  void theShippedRulesPassPromtoolCheckRules() throws Exception {
    Run check = promtool("check", "rules", OBSERVABILITY.resolve("rules.yml").toString());

    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void aRuleThatDoesNotParseFailsTheCheck(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yml");
    Files.writeString(broken, Files.readString(OBSERVABILITY.resolve("rules.yml")).replace("> 86400", "> > 86400"));

    Run check = promtool("check", "rules", broken.toString());

    assertThat(check.exit()).isNotZero();
    assertThat(check.output()).contains("TrainyardApprovalStuck");
  }

  @Test
  void everyAlertFiresOnTheSeriesItIsWrittenFor() throws Exception {
    Run test = promtool("test", "rules", OBSERVABILITY.resolve("rules.test.yml").toString());
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");

    Set<String> firing = new TreeSet<>();
    for (JsonNode testCase : YAML.readTree(OBSERVABILITY.resolve("rules.test.yml").toFile()).get("tests")) {
      for (JsonNode expectation : testCase.get("alert_rule_test")) {
        if (!expectation.get("exp_alerts").isEmpty()) {
          firing.add(expectation.get("alertname").asText());
        }
      }
    }
    assertThat(firing).as("alerts with a test in which they fire").containsExactlyInAnyOrderElementsOf(alerts());
  }

  @Test
  void theKustomizationRendersThePodMonitorTheRulesAndTheDashboard() throws Exception {
    List<JsonNode> objects = new java.util.ArrayList<>();
    YAML.readValues(YAML.createParser(DeployManifestsTest.kustomize(OBSERVABILITY)), JsonNode.class).forEachRemaining(objects::add);

    JsonNode monitor = only(objects, "PodMonitor");
    assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo(ManifestInvariants.SCRAPED.get("prometheus.io/path"));
    assertThat(monitor.at("/spec/selector/matchLabels/" + ManifestInvariants.NAME_LABEL.replace("/", "~1")).asText()).isEqualTo("trainyard");
    JsonNode rules = objects.stream().filter(o -> o.at("/metadata/name").asText().equals("trainyard-prometheus-rules")).findFirst().orElseThrow();
    assertThat(rules.at("/data/rules.yml").asText()).isEqualTo(Files.readString(OBSERVABILITY.resolve("rules.yml")));
    JsonNode dashboard = objects.stream().filter(o -> o.at("/metadata/name").asText().equals("trainyard-grafana-dashboard")).findFirst().orElseThrow();
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(JSON.readTree(dashboard.at("/data/trainyard.json").asText()).get("panels")).isNotEmpty();
  }

  @Test
  void everyDashboardQueryIsPromQlThatPromtoolAccepts(@TempDir Path dir) throws Exception {
    // each panel's queries as recording rules, Grafana's variables given values, for promtool to parse
    ObjectNode group = YAML.createObjectNode().put("name", "dashboard");
    ArrayNode records = group.putArray("rules");
    for (JsonNode panel : JSON.readTree(OBSERVABILITY.resolve("dashboard.json").toFile()).get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        records.addObject()
            .put("record", "dashboard:panel_" + panel.get("id").asInt() + "_" + target.get("refId").asText())
            .put("expr", target.get("expr").asText().replace("$__rate_interval", "5m").replace("$model", ".*"));
      }
    }
    Path rules = dir.resolve("dashboard-queries.yml");
    YAML.writeValue(rules.toFile(), YAML.createObjectNode().set("groups", YAML.createArrayNode().add(group)));

    Run check = promtool("check", "rules", rules.toString());

    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + records.size() + " rules found");
  }

  @Test
  void everyMetricTheRulesAndTheDashboardUseIsDocumented() throws Exception {
    Set<String> used = new TreeSet<>();
    used.addAll(metrics(Files.readString(OBSERVABILITY.resolve("rules.yml"))));
    used.addAll(metrics(Files.readString(OBSERVABILITY.resolve("dashboard.json"))));
    String operations = Files.readString(REPO.resolve("docs/operations.md"));

    assertThat(used).isNotEmpty();
    assertThat(used.stream().filter(metric -> !operations.contains("`" + metric)).toList()).as("metrics docs/operations.md does not name").isEmpty();
  }

  private static List<String> alerts() throws IOException {
    return StreamSupport.stream(YAML.readTree(OBSERVABILITY.resolve("rules.yml").toFile()).get("groups").spliterator(), false)
        .flatMap(group -> StreamSupport.stream(group.get("rules").spliterator(), false))
        .map(rule -> rule.get("alert").asText())
        .toList();
  }

  /** The metric names in {@code text}, without the _bucket, _count and _sum of histograms. */
  private static Set<String> metrics(String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = METRIC.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1).replaceAll("_(bucket|count|sum)$", ""));
    }
    return found;
  }

  private static JsonNode only(List<JsonNode> objects, String kind) {
    List<JsonNode> found = objects.stream().filter(o -> o.get("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private record Run(int exit, String output) {}

  private static Run promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(REPO.resolve("bin/promtool").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TRAINYARD_TOOLS", TOOLS.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), output);
  }
}
