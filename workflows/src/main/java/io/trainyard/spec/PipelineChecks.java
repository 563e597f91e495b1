package io.trainyard.spec;

import io.trainyard.rule.AnalysisJudge;
import io.trainyard.rule.GateJudge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The checks a schema cannot express: references, stage order, cycles, hardware classes, builtin
 * names, where inputs come from, rules, durations, parameter types, secret references and the schedule. Every error is collected; none stops the others.
 */
final class PipelineChecks {
  private static final List<String> STAGES = List.of("prepare", "train", "evaluate");
  /** Stage index of fields that come after every step: the model artifact, the rollout's traffic. */
  private static final int AFTER_STAGES = STAGES.size();

  private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private record Site(String stage, int stageIndex, String field, StepSpec step) {}

  private final PipelineSpec spec;
  private final Set<String> knownHardware;
  private final Set<String> knownBuiltins;
  private final InputRoots inputs;
  private final List<SpecError> errors = new ArrayList<>();
  private final Map<String, Site> steps = new LinkedHashMap<>();
  private final Map<String, Set<String>> needs = new LinkedHashMap<>();

  private PipelineChecks(PipelineSpec spec, Set<String> knownHardware, Set<String> knownBuiltins, InputRoots inputs) {
    this.spec = spec;
    this.knownHardware = new TreeSet<>(knownHardware);
    this.knownBuiltins = new TreeSet<>(knownBuiltins);
    this.inputs = inputs;
  }

  static List<SpecError> check(PipelineSpec spec, Set<String> knownHardware, Set<String> knownBuiltins, InputRoots inputs) {
    PipelineChecks checks = new PipelineChecks(spec, knownHardware, knownBuiltins, inputs);
    checks.run();
    return checks.errors;
  }

  private void run() {
    header();
    indexSteps();
    for (Site site : steps.values()) {
      step(site);
    }
    model();
    cycles();
    parameters();
    gate();
    rollout();
    triggers();
    if (spec.schedule() != null) {
      errors.addAll(spec.schedule().problems("schedule", spec));
    }
  }

  private void error(String field, String message) {
    errors.add(new SpecError(field, null, message));
  }

  private void header() {
    // a missing apiVersion or kind is the schema's to report ("is required")
    if (spec.apiVersion() != null && !PipelineSpec.API_VERSION.equals(spec.apiVersion())) {
      error("apiVersion", "expected " + PipelineSpec.API_VERSION + ", got " + quoted(spec.apiVersion()));
    }
    if (spec.kind() != null && !PipelineSpec.KIND.equals(spec.kind())) {
      error("kind", "expected " + PipelineSpec.KIND + ", got " + quoted(spec.kind()));
    }
    if (spec.train().isEmpty()) {
      error("train", "needs at least one step");
    }
  }

  private void indexSteps() {
    List<List<StepSpec>> stages = List.of(spec.prepare(), spec.train(), spec.evaluate());
    for (int s = 0; s < stages.size(); s++) {
      for (int i = 0; i < stages.get(s).size(); i++) {
        StepSpec step = stages.get(s).get(i);
        String field = FieldPath.index(STAGES.get(s), i);
        if (step == null || step.name() == null) {
          continue;
        }
        Site earlier = steps.get(step.name());
        if (earlier != null) {
          error(FieldPath.field(field, "name"), "step name '" + step.name() + "' is already used by " + earlier.field());
          continue;
        }
        steps.put(step.name(), new Site(STAGES.get(s), s, field, step));
        needs.put(step.name(), new LinkedHashSet<>());
      }
    }
  }

  private void step(Site site) {
    StepSpec step = site.step();
    boolean hasRun = step.run() != null;
    boolean hasCommand = !step.command().isEmpty();
    if (hasRun == hasCommand) {
      error(site.field(), hasRun
          ? "has both run and command: give run (builtin:NAME or a shell command) or command (argv), not both"
          : "needs run (builtin:NAME or a shell command) or command (argv)");
    }
    builtin(site);
    new TreeSet<>(step.inputs().keySet()).forEach(name -> {
      String field = FieldPath.field(FieldPath.field(site.field(), "inputs"), name);
      references(field, step.inputs().get(name), site.stageIndex(), step.name());
      input(field, step.inputs().get(name));
    });
    new TreeSet<>(step.with().keySet()).forEach(name ->
        references(FieldPath.field(FieldPath.field(site.field(), "with"), name), step.with().get(name),
            site.stageIndex(), step.name()));
    hardware(site);
    secrets(site);
    duration(FieldPath.field(site.field(), "timeout"), step.timeout());
    duration(FieldPath.field(site.field(), "heartbeat"), step.heartbeat());
  }

  private void builtin(Site site) {
    if (!site.step().isBuiltin()) {
      return;
    }
    String name = site.step().builtinName();
    if (!knownBuiltins.contains(name)) {
      error(FieldPath.field(site.field(), "run"), "unknown builtin '" + name + "' (known: " + list(knownBuiltins) + ")");
    }
  }

  /**
   * An input is one step output reference, or data the installation allows ({@link InputRoots}):
   * the workflow passes any other value to the step as it is, so a parameter in it is never substituted.
   */
  private void input(String field, String value) {
    List<Reference> references = Reference.all(value);
    if (references.isEmpty()) {
      inputs.refusal(value).ifPresent(why -> error(field, why));
    } else if (references.stream().allMatch(Reference::wellFormed)
        && Reference.whole(value).filter(r -> r.kind() == Reference.Kind.STEP_OUTPUT || r.kind() == Reference.Kind.DATASET).isEmpty()) {
      error(field, "'" + value + "': an input is one step output reference (${steps.STEP.outputs.NAME}), a dataset (${dataset.NAME}) or a file;"
          + " references inside a value, and parameters, are not substituted in inputs");
    }
  }

  private void hardware(Site site) {
    List<String> classes = site.step().hardware();
    for (int i = 0; i < classes.size(); i++) {
      String hardwareClass = classes.get(i);
      if (!knownHardware.contains(hardwareClass)) {
        String field = FieldPath.field(site.field(), "hardware");
        error(classes.size() == 1 ? field : FieldPath.index(field, i),
            "unknown hardware class '" + hardwareClass + "' (known: " + list(knownHardware) + ")");
      }
    }
  }

  /** Each secret: an environment variable of the step's own (not the contract's) and a {@code <secret>/<key>}. */
  private void secrets(Site site) {
    String secrets = FieldPath.field(site.field(), "secrets");
    new TreeMap<>(site.step().secrets()).forEach((variable, reference) -> {
      String field = FieldPath.field(secrets, variable);
      if (!ENVIRONMENT_VARIABLE.matcher(variable).matches()) {
        error(field, "'" + variable + "' is not an environment variable name: expected upper-case letters, digits and"
            + " '_', not starting with a digit");
      } else if (variable.startsWith("TRAINYARD_") || variable.equals("TRACEPARENT")) {
        error(field, "'" + variable + "' is a step contract variable: a secret cannot be TRAINYARD_* or TRACEPARENT");
      } else {
        try {
          SecretReference.parse(reference);
        } catch (IllegalArgumentException e) {
          error(field, e.getMessage());
        }
      }
    });
  }

  private void model() {
    ModelSpec model = spec.model();
    if (model == null || model.artifact() == null) {
      return;
    }
    Reference artifact = Reference.whole(model.artifact()).orElse(null);
    if (artifact == null || artifact.kind() != Reference.Kind.STEP_OUTPUT) {
      error("model.artifact", "expected a reference to a step output, such as ${steps.train.outputs.model}");
      return;
    }
    references("model.artifact", model.artifact(), AFTER_STAGES, null);
  }

  /** Each subscription names a dataset once (the schema checks the name and the debounce's form). */
  private void triggers() {
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < spec.triggers().size(); i++) {
      TriggerSpec trigger = spec.triggers().get(i);
      String field = FieldPath.index("triggers", i);
      if (trigger.dataset() != null && !seen.add(trigger.dataset())) {
        error(FieldPath.field(field, "dataset"), "dataset '" + trigger.dataset() + "' is subscribed to twice");
      }
      duration(FieldPath.field(field, "debounce"), trigger.debounce());
    }
  }

  /** Checks each {@code ${...}} in a value; a step output it uses becomes an edge of the step graph. */
  private void references(String field, String value, int fromStage, String fromStep) {
    for (Reference ref : Reference.all(value)) {
      if (!ref.wellFormed()) {
        error(field, "'" + ref.text() + "' is not a reference: expected ${steps.STEP.outputs.NAME}, ${params.NAME} or ${dataset.NAME}");
      } else if (ref.kind() == Reference.Kind.PARAM) {
        if (!spec.parameters().containsKey(ref.name())) {
          error(field, "'" + ref.text() + "' names no declared parameter (declared: " + list(spec.parameters().keySet()) + ")");
        }
      } else if (ref.kind() == Reference.Kind.DATASET) {
        if (Reference.whole(value).filter(r -> r.kind() == Reference.Kind.DATASET).isEmpty() || !field.contains(".inputs.")) {
          error(field, "'" + ref.text() + "': a dataset is a whole step input (inputs: {NAME: ${dataset.NAME}})");
        }
      } else {
        stepOutput(field, ref, fromStage, fromStep);
      }
    }
  }

  private void stepOutput(String field, Reference ref, int fromStage, String fromStep) {
    Site target = steps.get(ref.step());
    if (target == null) {
      error(field, "'" + ref.text() + "' names no step '" + ref.step() + "' (steps: " + list(steps.keySet()) + ")");
      return;
    }
    if (target.stageIndex() > fromStage) {
      error(field, "'" + ref.text() + "' uses step '" + ref.step() + "' of a later stage (" + target.stage()
          + "): a step can use outputs of its own stage and earlier ones");
      return;
    }
    if (!target.step().outputs().contains(ref.name())) {
      error(field, "'" + ref.text() + "': step '" + ref.step() + "' declares no output '" + ref.name()
          + "' (outputs: " + list(target.step().outputs()) + ")");
      return;
    }
    if (fromStep != null) {
      needs.get(fromStep).add(ref.step());
    }
  }

  /** Depth-first search over "uses an output of"; each back edge closes one cycle. */
  private void cycles() {
    Map<String, Integer> state = new HashMap<>();
    for (String start : needs.keySet()) {
      visit(start, new ArrayList<>(), state);
    }
  }

  private void visit(String step, List<String> path, Map<String, Integer> state) {
    Integer seen = state.get(step);
    if (seen != null) {
      if (seen == 1) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(step), path.size()));
        cycle.add(step);
        error(steps.get(step).field(), "steps form a cycle: " + String.join(" -> ", cycle));
      }
      return;
    }
    state.put(step, 1);
    path.add(step);
    for (String next : needs.get(step)) {
      visit(next, path, state);
    }
    path.remove(path.size() - 1);
    state.put(step, 2);
  }

  private void parameters() {
    spec.parameters().forEach((name, parameter) -> {
      if (parameter == null || parameter.type() == null || parameter.defaultValue() == null) {
        return;
      }
      if (!ParameterValues.hasType(parameter.defaultValue(), parameter.type())) {
        error(FieldPath.field(FieldPath.field("parameters", name), "default"),
            ParameterValues.mismatch(parameter.type(), parameter.defaultValue()));
      }
    });
  }

  private void gate() {
    rules("gate.rules", spec.gate().rules(), GateJudge::check);
    duration("gate.approval.timeout", spec.gate().approval().timeout());
  }

  private void rollout() {
    RolloutSpec rollout = spec.rollout();
    if (rollout == null) {
      return;
    }
    if (rollout.strategy() == RolloutStrategy.CANARY && rollout.steps().isEmpty()) {
      error("rollout.steps", "strategy canary needs at least one step, such as [{traffic: 10, bake: 5m}]");
    }
    if (rollout.strategy() == RolloutStrategy.DIRECT && !rollout.steps().isEmpty()) {
      error("rollout.steps", "steps are for strategy canary; strategy direct moves all traffic at once");
    }
    for (int i = 0; i < rollout.steps().size(); i++) {
      CanaryStep step = rollout.steps().get(i);
      String field = FieldPath.index("rollout.steps", i);
      if (i > 0 && step.traffic() <= rollout.steps().get(i - 1).traffic()) {
        error(FieldPath.field(field, "traffic"), "traffic " + step.traffic()
            + " must be more than the step before (" + rollout.steps().get(i - 1).traffic() + ")");
      }
      duration(FieldPath.field(field, "bake"), step.bake());
    }
    if (rollout.traffic() != null && rollout.traffic().source() != null) {
      references("rollout.traffic.source", rollout.traffic().source(), AFTER_STAGES, null);
    }
    rules("rollout.analysis.rules", rollout.analysis().rules(), AnalysisJudge::check);
    if (rollout.analysis().maxBake() != null) {
      duration("rollout.analysis.maxBake", rollout.analysis().maxBake());
    }
  }

  private void rules(String field, List<String> rules, Consumer<String> check) {
    for (int i = 0; i < rules.size(); i++) {
      try {
        check.accept(rules.get(i));
      } catch (IllegalArgumentException e) {
        error(FieldPath.index(field, i), e.getMessage());
      }
    }
  }

  private void duration(String field, String text) {
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException e) {
      error(field, e.getMessage());
    }
  }

  private static String list(Iterable<String> names) {
    String joined = String.join(", ", names);
    return joined.isEmpty() ? "none" : joined;
  }

  private static String quoted(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
