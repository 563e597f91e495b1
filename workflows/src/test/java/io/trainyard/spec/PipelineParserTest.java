package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineParserTest {
  static final Set<String> HARDWARE = Set.of("cpu", "gpu-a100", "gpu-l4");
  static final Set<String> BUILTINS = Set.of("tabular-split", "tribuo-evaluate", "tribuo-train");
  private final PipelineParser parser = parser();

  /** A parser with this test's hardware classes and builtins, reading inputs relative to the working directory. */
  static PipelineParser parser() {
    return parser(Path.of("").toAbsolutePath());
  }

  /** The same, with inputs relative to {@code folder}. */
  static PipelineParser parser(Path folder) {
    return new PipelineParser(HARDWARE, BUILTINS, InputRoots.of(Path.of("target/no-home"), List.of()).relativeTo(folder));
  }

  static String resource(String name) throws IOException {
    try (InputStream in = PipelineParserTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void validPipelineParsesIntoRecordsWithDefaults() throws IOException {
    PipelineSpec spec = parser.parse(resource("breast-cancer.yaml"), "breast-cancer.yaml");

    assertThat(spec.name()).isEqualTo("breast-cancer");
    assertThat(spec.model()).isEqualTo(new ModelSpec("breast-cancer-classifier", "${steps.train.outputs.model}"));
    assertThat(spec.parameters()).containsOnlyKeys("learning_rate", "epochs", "seed", "serving_scaling");
    assertThat(spec.parameters().get("learning_rate").type()).isEqualTo(ParameterType.NUMBER);
    assertThat(spec.parameters().get("learning_rate").defaultValue()).isEqualTo(0.5);
    assertThat(spec.parameters().get("epochs").defaultValue()).isEqualTo(20);

    StepSpec split = spec.prepare().get(0);
    assertThat(split.builtinName()).isEqualTo("tabular-split");
    assertThat(split.outputs()).containsExactly("train", "holdout", "scaler");
    assertThat(split.with()).containsEntry("seed", "${params.seed}").containsEntry("holdout_fraction", "0.3");

    StepSpec train = spec.train().get(0);
    assertThat(train.hardware()).containsExactly("cpu");
    assertThat(train.timeout()).isEqualTo("10m");

    StepSpec evaluate = spec.evaluate().get(0);
    assertThat(evaluate.hardware()).containsExactly(StepSpec.DEFAULT_HARDWARE);
    assertThat(evaluate.retries()).isEqualTo(StepSpec.DEFAULT_RETRIES);
    assertThat(evaluate.timeout()).isEqualTo(StepSpec.DEFAULT_TIMEOUT);
    assertThat(evaluate.heartbeat()).isEqualTo(StepSpec.DEFAULT_HEARTBEAT);
    assertThat(evaluate.cache()).isTrue();
    assertThat(evaluate.outputs()).isEmpty();

    assertThat(spec.gate().rules()).containsExactly("accuracy >= 0.90", "auc >= production - 0.02");
    assertThat(spec.gate().approval().onTimeout()).isEqualTo(TimeoutAction.REJECT);
    assertThat(spec.rollout().strategy()).isEqualTo(RolloutStrategy.CANARY);
    assertThat(spec.rollout().steps()).extracting(CanaryStep::traffic).containsExactly(20, 50);
    assertThat(spec.rollout().traffic().requests()).isEqualTo(150);
    assertThat(spec.rollout().analysis().minRequests()).isEqualTo(20);
  }

  @Test
  void minimalPipelineGetsDefaultsAndAHardwareFallbackList() {
    String yaml = """
        apiVersion: trainyard.io/v1
        kind: Pipeline
        metadata: {name: tiny}
        model: {name: tiny, artifact: "${steps.fit.outputs.model}"}
        train:
          - name: fit
            command: [python, fit.py]
            image: registry.example/fit:1
            outputs: [model]
            hardware: [gpu-a100, gpu-l4]
            with: {seed: 42, verbose: true, fraction: 0.30}
        """;
    PipelineSpec spec = parser.parse(yaml, "tiny.yaml");

    assertThat(spec.train().get(0).with()).containsOnly(
        Map.entry("seed", "42"), Map.entry("verbose", "true"), Map.entry("fraction", "0.3"));
    assertThat(spec.train().get(0).hardware()).containsExactly("gpu-a100", "gpu-l4");
    assertThat(spec.train().get(0).command()).containsExactly("python", "fit.py");
    assertThat(spec.gate()).isEqualTo(GateSpec.NONE);
    assertThat(spec.prepare()).isEmpty();
    assertThat(spec.rollout()).isEqualTo(RolloutSpec.DIRECT_LOCAL);
  }

  @Test
  void malformedPipelineReportsEveryMistakeWithFieldAndLine() {
    String yaml = """
        apiVersion: trainyard.io/v1
        kind: Pipeline
        metadata:
          name: broken
          colour: blue
        model:
          name: broken-model
          artifact: ${steps.train.outputs.weights}
        parameters:
          epochs: {type: integer, default: many}
          rate: {type: number, default: 0.1}
        prepare:
          - name: split
            run: builtin:tabular-split
            inputs: {data: "${steps.evaluate.outputs.report}"}
            outputs: [train]
            with: {lr: "${params.learning_rate}"}
        train:
          - name: train
            run: builtin:tribuo-train
            inputs: {train: "${steps.split.outputs.test}", best: "${steps.tune.outputs.best}"}
            outputs: [model]
            hardware: tpu
            timeout: 10 minutes
          - name: tune
            run: builtin:tune
            inputs: {model: "${steps.train.outputs.model}", odd: "${step.x}"}
            outputs: [best]
            heartbeat: PT5X
          - name: split
            run: echo again
        evaluate:
          - name: evaluate
            run: builtin:tribuo-evaluate
            outputs: [report]
        gate:
          rules: ["accuracy >= 0.9", "accuracy >>= 1"]
        rollout:
          strategy: canary
          steps: [{traffic: 50}, {traffic: 20}]
        """;

    SpecValidationException thrown =
        (SpecValidationException) catchThrowable(() -> parser.parse(yaml, "broken.yaml"));

    assertThat(thrown.errors())
        .extracting(SpecError::field, SpecError::line)
        .containsExactlyInAnyOrder(
            tuple("metadata.colour", lineOf(yaml, "colour: blue")),
            tuple("model.artifact", lineOf(yaml, "artifact:")),
            tuple("parameters.epochs.default", lineOf(yaml, "epochs:")),
            tuple("prepare[0].inputs.data", lineOf(yaml, "inputs: {data:")),
            tuple("prepare[0].with.lr", lineOf(yaml, "with: {lr:")),
            tuple("train[0]", lineOf(yaml, "- name: train")),
            tuple("train[0].inputs.train", lineOf(yaml, "inputs: {train:")),
            tuple("train[0].hardware", lineOf(yaml, "hardware: tpu")),
            tuple("train[0].timeout", lineOf(yaml, "timeout: 10 minutes")),
            tuple("train[1].run", lineOf(yaml, "run: builtin:tune")),
            tuple("train[1].inputs.odd", lineOf(yaml, "inputs: {model:")),
            tuple("train[1].heartbeat", lineOf(yaml, "heartbeat: PT5X")),
            tuple("train[2].name", lineOf(yaml, "- name: split", 2)),
            tuple("gate.rules[1]", lineOf(yaml, "rules: [\"accuracy")),
            tuple("rollout.steps[1].traffic", lineOf(yaml, "steps: [{traffic")));

    assertThat(message(thrown, "metadata.colour")).contains("unknown field 'colour'");
    assertThat(message(thrown, "model.artifact")).contains("declares no output 'weights'").contains("model");
    assertThat(message(thrown, "parameters.epochs.default")).contains("integer");
    assertThat(message(thrown, "prepare[0].inputs.data")).contains("later stage (evaluate)");
    assertThat(message(thrown, "prepare[0].with.lr")).contains("no declared parameter").contains("epochs, rate");
    assertThat(message(thrown, "train[0]")).isEqualTo("steps form a cycle: train -> tune -> train");
    assertThat(message(thrown, "train[0].inputs.train")).contains("declares no output 'test'").contains("(outputs: train)");
    assertThat(message(thrown, "train[0].hardware")).contains("'tpu'").contains("known: cpu, gpu-a100, gpu-l4");
    assertThat(message(thrown, "train[0].timeout")).contains("10 minutes");
    assertThat(message(thrown, "train[1].run")).isEqualTo("unknown builtin 'tune' (known: tabular-split, tribuo-evaluate, tribuo-train)");
    assertThat(message(thrown, "train[1].inputs.odd")).contains("'${step.x}' is not a reference");
    assertThat(message(thrown, "train[1].heartbeat")).contains("'PT5X' is not a duration");
    assertThat(message(thrown, "train[2].name")).contains("already used by prepare[0]");
    assertThat(message(thrown, "gate.rules[1]")).contains("'accuracy >>= 1' does not parse");
    assertThat(message(thrown, "rollout.steps[1].traffic")).contains("traffic 20 must be more than the step before (50)");
    assertThat(thrown.getMessage().lines())
        .hasSize(15)
        .contains("line " + lineOf(yaml, "hardware: tpu") + ": train[0].hardware: " + message(thrown, "train[0].hardware"));
  }

  @Test
  void requiredFieldsAndRunOrCommandAreReported() {
    String yaml = """
        apiVersion: trainyard.io/v2
        kind: Pipeline
        metadata: {name: Not_DNS}
        train:
          - name: fit
          - name: both
            run: python fit.py
            command: [python, fit.py]
        """;
    SpecValidationException thrown =
        (SpecValidationException) catchThrowable(() -> parser.parse(yaml, "x.yaml"));

    assertThat(thrown.errors())
        .extracting(SpecError::field, SpecError::line)
        .containsExactlyInAnyOrder(
            tuple("apiVersion", 1),
            tuple("metadata.name", 3),
            tuple("model", 1),
            tuple("train[0]", 5),
            tuple("train[1]", 6));
    assertThat(message(thrown, "apiVersion")).isEqualTo("expected trainyard.io/v1, got 'trainyard.io/v2'");
    assertThat(message(thrown, "metadata.name")).startsWith("\"Not_DNS\" is not valid here: A DNS-style label");
    assertThat(message(thrown, "model")).isEqualTo("is required");
    assertThat(message(thrown, "train[0]")).contains("needs run");
    assertThat(message(thrown, "train[1]")).contains("has both run and command");
  }

  @Test
  void canaryWithoutStepsAndUnknownEnumAreReported() {
    String yaml = """
        apiVersion: trainyard.io/v1
        kind: Pipeline
        metadata: {name: p}
        model: {name: m, artifact: "${steps.fit.outputs.model}"}
        train: [{name: fit, run: "python fit.py", outputs: [model]}]
        rollout:
          target: mars
        """;
    SpecValidationException thrown =
        (SpecValidationException) catchThrowable(() -> parser.parse(yaml, "x.yaml"));

    assertThat(thrown.errors())
        .extracting(SpecError::field, SpecError::line)
        .containsExactlyInAnyOrder(tuple("rollout.target", 7), tuple("rollout.steps", 6));
    assertThat(message(thrown, "rollout.steps")).contains("strategy canary needs at least one step");
  }

  @Test
  void secretsAreReferencesByEnvironmentVariable() {
    String yaml = """
        apiVersion: trainyard.io/v1
        kind: Pipeline
        metadata: {name: p}
        model: {name: m, artifact: "${steps.fit.outputs.model}"}
        train:
          - name: fit
            run: python fit.py
            outputs: [model]
            secrets:
              WANDB_API_KEY: wandb/api-key
              _DB_PASSWORD2: db.prod-eu/password_v2.txt
          - name: plain
            run: python plain.py
        """;
    PipelineSpec spec = parser.parse(yaml, "p.yaml");

    assertThat(spec.train().get(0).secrets())
        .containsOnly(Map.entry("WANDB_API_KEY", "wandb/api-key"), Map.entry("_DB_PASSWORD2", "db.prod-eu/password_v2.txt"));
    assertThat(spec.train().get(1).secrets()).isEmpty();
  }

  @Test
  void badSecretsAreReportedWithFieldAndLine() {
    String yaml = """
        apiVersion: trainyard.io/v1
        kind: Pipeline
        metadata: {name: p}
        model: {name: m, artifact: "${steps.fit.outputs.model}"}
        train:
          - name: fit
            run: python fit.py
            outputs: [model]
            secrets:
              wandb_key: wandb/api-key
              9LIVES: cat/lives
              TRAINYARD_TOKEN: api/token
              TRACEPARENT: trace/parent
              NO_KEY: wandb
              BAD_NAME: Wandb_Keys/api-key
              BAD_KEY: wandb/api key
              PARENT: wandb/..
              VALUE: "${params.key}"
        """;
    SpecValidationException thrown =
        (SpecValidationException) catchThrowable(() -> parser.parse(yaml, "p.yaml"));

    assertThat(thrown.errors())
        .extracting(SpecError::field, SpecError::line)
        .containsExactlyInAnyOrder(
            tuple("train[0].secrets.wandb_key", lineOf(yaml, "wandb_key:")),
            tuple("train[0].secrets.9LIVES", lineOf(yaml, "9LIVES:")),
            tuple("train[0].secrets.TRAINYARD_TOKEN", lineOf(yaml, "TRAINYARD_TOKEN:")),
            tuple("train[0].secrets.TRACEPARENT", lineOf(yaml, "TRACEPARENT:")),
            tuple("train[0].secrets.NO_KEY", lineOf(yaml, "NO_KEY:")),
            tuple("train[0].secrets.BAD_NAME", lineOf(yaml, "BAD_NAME:")),
            tuple("train[0].secrets.BAD_KEY", lineOf(yaml, "BAD_KEY:")),
            tuple("train[0].secrets.PARENT", lineOf(yaml, " PARENT:")),
            tuple("train[0].secrets.VALUE", lineOf(yaml, "VALUE:")));
    assertThat(message(thrown, "train[0].secrets.wandb_key"))
        .isEqualTo("'wandb_key' is not an environment variable name: expected upper-case letters, digits and '_', not starting with a digit");
    assertThat(message(thrown, "train[0].secrets.9LIVES")).contains("is not an environment variable name");
    assertThat(message(thrown, "train[0].secrets.TRAINYARD_TOKEN"))
        .isEqualTo("'TRAINYARD_TOKEN' is a step contract variable: a secret cannot be TRAINYARD_* or TRACEPARENT");
    assertThat(message(thrown, "train[0].secrets.TRACEPARENT")).contains("is a step contract variable");
    assertThat(message(thrown, "train[0].secrets.NO_KEY")).startsWith("'wandb' is not a secret reference: expected <secret>/<key>");
    assertThat(message(thrown, "train[0].secrets.BAD_NAME")).startsWith("'Wandb_Keys' is not a secret name: expected <secret>/<key>");
    assertThat(message(thrown, "train[0].secrets.BAD_KEY")).startsWith("'api key' is not a secret key");
    assertThat(message(thrown, "train[0].secrets.PARENT")).startsWith("'..' is not a secret key");
    assertThat(message(thrown, "train[0].secrets.VALUE")).startsWith("'${params.key}' is not a secret reference");
  }

  @Test
  void jsonInputIsReadToo() throws IOException {
    String json = """
        {"apiVersion": "trainyard.io/v1", "kind": "Pipeline", "metadata": {"name": "j"},
         "model": {"name": "m", "artifact": "${steps.fit.outputs.model}"},
         "train": [{"name": "fit", "run": "python fit.py", "outputs": ["model"], "hardware": "gpu-l4"}]}
        """;
    assertThat(parser.parse(json, "j.json").train().get(0).hardware()).containsExactly("gpu-l4");

    assertThatThrownBy(() -> parser.parse(json.replace("\"gpu-l4\"", "\"tpu\""), "j.json"))
        .isInstanceOf(SpecValidationException.class)
        .hasMessage("line 3: train[0].hardware: unknown hardware class 'tpu' (known: cpu, gpu-a100, gpu-l4)");
  }

  @Test
  void yamlSyntaxErrorsAndDuplicateKeysNameTheLine() {
    assertThatThrownBy(() -> parser.parse("apiVersion: trainyard.io/v1\nkind: [Pipeline\n", "bad.yaml"))
        .isInstanceOf(SpecValidationException.class)
        .hasMessageStartingWith("line ")
        .hasMessageContaining("bad.yaml is not valid YAML");
    SpecValidationException duplicate = (SpecValidationException) catchThrowable(
        () -> parser.parse("apiVersion: trainyard.io/v1\nkind: Pipeline\nkind: Pipeline\n", "dup.yaml"));
    assertThat(duplicate.errors()).singleElement().satisfies(e -> {
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.message()).contains("kind");
    });
  }

  static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(SpecValidationException.class);
    return thrown;
  }

  static String message(SpecValidationException e, String field) {
    List<String> messages = e.errors().stream().filter(x -> x.field().equals(field)).map(SpecError::message).toList();
    assertThat(messages).as("errors for %s", field).hasSize(1);
    return messages.get(0);
  }

  static int lineOf(String text, String needle) {
    return lineOf(text, needle, 1);
  }

  /** The 1-based line of the nth occurrence of a text. */
  static int lineOf(String text, String needle, int occurrence) {
    List<String> lines = text.lines().toList();
    int seen = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(needle) && ++seen == occurrence) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + needle);
  }
}
