package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.trainyard.cli.Trainyard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainyard cost}: what runs cost, by model, pipeline, team or month; or one run's cost by stage. */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = {"Show what runs cost: totals by model, pipeline, team or month over a range of months (UTC),",
        "or with --run one run's cost by stage. Failed and preempted spend are shown apart, and what",
        "cached steps saved. Amounts are in the server's currency (trainyard.cost.currency)."},
    footer = {"", "Examples:", "  trainyard cost --by team --from 2026-10 --to 2026-12",
        "  trainyard cost --by month --model breast-cancer-classifier",
        "  trainyard cost --run 3f9a1c2b7d4e -o json"})
public class CostCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--by", paramLabel = "KEY", description = "Group by model (default), pipeline, team or month.") String by;
  @Option(names = "--from", paramLabel = "YYYY-MM", description = "First month (default: this month).") String from;
  @Option(names = "--to", paramLabel = "YYYY-MM", description = "Last month (default: this month).") String to;
  @Option(names = "--model", paramLabel = "NAME", description = "Only runs that train this model.") String model;
  @Option(names = "--pipeline", paramLabel = "NAME", description = "Only runs of this pipeline.") String pipeline;
  @Option(names = "--team", paramLabel = "TEAM", description = "Only runs of pipelines labelled with this team.") String team;
  @Option(names = "--run", paramLabel = "RUN_ID", description = "Show one run's cost by stage instead of totals.") String run;
  @Mixin RemoteOptions remote;

  @Override
  public Integer call() {
    Output output = remote.output(spec);
    if (run != null) {
      output.print(remote.client().get("/v1/runs/" + Query.segment(run) + "/cost"), (doc, table) -> table
          .details(doc, Column.text("Run", "runId"), Column.text("Currency", "currency"), Column.text("Budget", "budget"))
          .heading("By stage")
          .rows(stages(doc), figures("Stage")));
      return Trainyard.OK;
    }
    Query query = new Query().add("by", by).add("from", from).add("to", to).add("model", model).add("pipeline", pipeline)
        .add("team", team);
    output.print(remote.client().get("/v1/costs" + query), (doc, table) -> table
        .details(doc, Column.text("Currency", "currency"), Column.text("From", "from"), Column.text("To", "to"))
        .heading("By " + doc.path("by").asText())
        .rows(withTotal(doc), figures(doc.path("by").asText())));
    return Trainyard.OK;
  }

  /** The columns of a row: its key, then the figures under {@code cost}. */
  private static Column[] figures(String key) {
    List<Column> columns = new ArrayList<>();
    columns.add(Column.of(key, row -> Column.scalar(row.path("key"))));
    for (String figure : List.of("total", "failed", "preempted", "saved", "attempts", "runs")) {
      columns.add(Column.of(figure, row -> Column.scalar(row.path("cost").path(figure))));
    }
    return columns.toArray(Column[]::new);
  }

  /** A run's stages as rows, then the run's total. */
  private static JsonNode stages(JsonNode doc) {
    ArrayNode rows = ApiClient.JSON.createArrayNode();
    doc.path("stages").fields().forEachRemaining(stage ->
        rows.addObject().put("key", stage.getKey().toLowerCase(Locale.ROOT)).set("cost", stage.getValue()));
    rows.addObject().put("key", "(run)").set("cost", doc.path("cost"));
    return rows;
  }

  /** The totals as rows, then their sum. */
  private static JsonNode withTotal(JsonNode doc) {
    ArrayNode rows = ApiClient.JSON.createArrayNode();
    doc.path("totals").forEach(rows::add);
    rows.addObject().put("key", "(all)").set("cost", doc.path("total"));
    return rows;
  }
}
