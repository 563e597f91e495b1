package io.trainyard.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ${...}} reference in a spec: {@code ${steps.STEP.outputs.NAME}} (a step's output),
 * {@code ${params.NAME}} (a run parameter) or {@code ${dataset.NAME}} (a dataset version's URI, an
 * input resolved when the run starts).
 */
public record Reference(Kind kind, String step, String name, String text) {

  /** What a reference points at. */
  public enum Kind {
    STEP_OUTPUT,
    PARAM,
    DATASET
  }

  private static final Pattern ANY = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern STEP_OUTPUT =
      Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)");
  private static final Pattern PARAM = Pattern.compile("params\\.([A-Za-z0-9_-]+)");
  private static final Pattern DATASET = Pattern.compile("dataset\\.([a-z0-9][a-z0-9-]*)");

  /** The reference a whole value is, when the value is exactly one {@code ${...}}. */
  public static Optional<Reference> whole(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = ANY.matcher(value.trim());
    return m.matches() ? Optional.of(parseInner(m.group(1), value.trim())) : Optional.empty();
  }

  /** Every {@code ${...}} in a value, in order; a malformed one has a null kind. */
  public static List<Reference> all(String value) {
    List<Reference> found = new ArrayList<>();
    if (value == null) {
      return found;
    }
    Matcher m = ANY.matcher(value);
    while (m.find()) {
      found.add(parseInner(m.group(1), m.group()));
    }
    return found;
  }

  /**
   * True when an input value is a plain path on the local disk: no {@code ${...}} reference and no
   * URI scheme ({@code file:}, {@code s3:}, ...). Such a path means something only next to the file
   * it was written in.
   */
  public static boolean isLocalPath(String value) {
    return all(value).isEmpty() && !value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  }

  /** Replace each {@code ${params.NAME}} in a value by the parameter's value. */
  public static String interpolateParams(String value, Map<String, Object> params) {
    Matcher m = ANY.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Reference ref = parseInner(m.group(1), m.group());
      String replacement =
          ref.kind() == Kind.PARAM && params.containsKey(ref.name())
              ? String.valueOf(params.get(ref.name()))
              : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** True when this reference has a form Trainyard understands. */
  public boolean wellFormed() {
    return kind != null;
  }

  private static Reference parseInner(String inner, String text) {
    Matcher step = STEP_OUTPUT.matcher(inner.trim());
    if (step.matches()) {
      return new Reference(Kind.STEP_OUTPUT, step.group(1), step.group(2), text);
    }
    Matcher param = PARAM.matcher(inner.trim());
    if (param.matches()) {
      return new Reference(Kind.PARAM, null, param.group(1), text);
    }
    Matcher dataset = DATASET.matcher(inner.trim());
    if (dataset.matches()) {
      return new Reference(Kind.DATASET, null, dataset.group(1), text);
    }
    return new Reference(null, null, null, text);
  }
}
