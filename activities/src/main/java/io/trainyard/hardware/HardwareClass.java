package io.trainyard.hardware;

import io.fabric8.kubernetes.api.model.Quantity;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named kind of machine a step can ask for ({@code trainyard.hardware.<name>.*}): resource
 * requests and limits, GPUs, where its pods may be scheduled, their priority, whether the nodes are
 * spot capacity, and what an hour costs. Checked when bound, with errors naming the property.
 *
 * <p>Tolerations are written as kubectl writes taints, {@code key[=value][:Effect]}: with a value
 * the operator is {@code Equal}, without one {@code Exists}; no effect tolerates every effect. A
 * string list binds from YAML, environment variables and system properties alike, where a list of
 * maps would need a JSON binder in the worker.
 *
 * <p>Node affinity is written one expression per entry, {@code [weight:] key Operator [v1,v2]}
 * ({@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}, {@code Gt}, {@code Lt}): entries
 * without a weight are required together (one node selector term), an entry with a weight (1–100)
 * is a preferred term, e.g. {@code "cloud.google.com/gke-accelerator In nvidia-tesla-a100,nvidia-a100-80gb"}
 * and {@code "50: topology.kubernetes.io/zone In europe-west4-a"}.
 */
@EachProperty(HardwareClass.PREFIX)
public record HardwareClass(
    @Parameter String name,
    @Nullable String cpu,
    @Nullable String cpuLimit,
    @Nullable String memory,
    @Nullable String memoryLimit,
    @Nullable String ephemeralStorage,
    @Nullable String ephemeralStorageLimit,
    @Bindable(defaultValue = "0") int gpuCount,
    @Bindable(defaultValue = HardwareClass.DEFAULT_GPU_RESOURCE) String gpuResource,
    // FLAT: YAML splits label keys such as cloud.google.com/gke-accelerator at their dots
    @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> nodeSelector,
    @Nullable List<String> tolerations,
    @Nullable List<String> affinity,
    @Nullable String priorityClass,
    @Bindable(defaultValue = "false") boolean spot,
    @Bindable(defaultValue = "0") BigDecimal hourlyPrice) {

  public static final String PREFIX = "trainyard.hardware";
  public static final String DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

  private static final Pattern TOLERATION = Pattern.compile("([^=:\\s]+)(?:=([^:\\s]*))?(?::(\\w+))?");
  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Pattern AFFINITY =
      Pattern.compile("(?:(\\d+)\\s*:\\s*)?(\\S+)\\s+(In|NotIn|Exists|DoesNotExist|Gt|Lt)(?:\\s+(\\S+))?");

  public HardwareClass {
    String at = PREFIX + "." + name + ".";
    quantity(at + "cpu", cpu);
    quantity(at + "cpu-limit", cpuLimit);
    quantity(at + "memory", memory);
    quantity(at + "memory-limit", memoryLimit);
    quantity(at + "ephemeral-storage", ephemeralStorage);
    quantity(at + "ephemeral-storage-limit", ephemeralStorageLimit);
    if (gpuCount < 0) {
      throw new IllegalArgumentException(at + "gpu-count must be >= 0, found " + gpuCount);
    }
    if (gpuResource == null || gpuResource.isBlank()) {
      throw new IllegalArgumentException(at + "gpu-resource must name an extended resource such as " + DEFAULT_GPU_RESOURCE);
    }
    if (hourlyPrice == null || hourlyPrice.signum() < 0) {
      throw new IllegalArgumentException(at + "hourly-price must be >= 0, found " + hourlyPrice);
    }
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    tolerations = tolerations == null ? List.of() : checkedTolerations(at + "tolerations", tolerations);
    affinity = affinity == null ? List.of() : affinity.stream().map(a -> a == null ? "" : a.strip()).toList();
    for (int i = 0; i < affinity.size(); i++) {
      affinityRule(at + "affinity[" + i + "]", affinity.get(i));
    }
    priorityClass = priorityClass == null || priorityClass.isBlank() ? null : priorityClass.strip();
  }

  /** The node affinity expressions as typed values, in the order written. */
  public List<AffinityRule> affinityRules() {
    return affinity.stream().map(a -> affinityRule(PREFIX + "." + name + ".affinity", a)).toList();
  }

  /** The tolerations as typed values. */
  public List<Toleration> tolerationList() {
    return tolerations.stream().map(HardwareClass::toleration).toList();
  }

  /** True when pods of this class ask for GPUs. */
  public boolean hasGpu() {
    return gpuCount > 0;
  }

  private static void quantity(String property, String value) {
    if (value == null) {
      return;
    }
    try {
      if (Quantity.getAmountInBytes(new Quantity(value)).signum() < 0) {
        throw new IllegalArgumentException(property + " must not be negative, found " + value);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(property)) {
        throw e;
      }
      throw new IllegalArgumentException(property + " must be a Kubernetes quantity such as 500m, 2 or 4Gi, found " + value, e);
    }
  }

  private static List<String> checkedTolerations(String property, List<String> tolerations) {
    for (int i = 0; i < tolerations.size(); i++) {
      String written = tolerations.get(i);
      Matcher m = TOLERATION.matcher(written == null ? "" : written.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException(property + "[" + i + "] must be key[=value][:Effect], found '" + written + "'");
      }
      if (m.group(3) != null && !EFFECTS.contains(m.group(3))) {
        throw new IllegalArgumentException(
            property + "[" + i + "] effect must be NoSchedule, PreferNoSchedule or NoExecute, found " + m.group(3));
      }
    }
    return tolerations.stream().map(String::strip).toList();
  }

  private static Toleration toleration(String written) {
    Matcher m = TOLERATION.matcher(written);
    m.matches();
    String value = m.group(2);
    return new Toleration(m.group(1), value == null ? "Exists" : "Equal", value, m.group(3));
  }

  private static AffinityRule affinityRule(String property, String written) {
    Matcher m = AFFINITY.matcher(written);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          property + " must be '[weight:] key Operator [v1,v2]' with Operator In, NotIn, Exists, DoesNotExist, Gt or Lt, found '"
              + written + "'");
    }
    int weight = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    if (m.group(1) != null && (weight < 1 || weight > 100)) {
      throw new IllegalArgumentException(property + " weight must be 1 to 100, found " + weight);
    }
    String operator = m.group(3);
    List<String> values = m.group(4) == null ? List.of() : List.of(m.group(4).split(","));
    boolean needsValues = !operator.equals("Exists") && !operator.equals("DoesNotExist");
    if (needsValues == values.isEmpty() || values.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(property + ": " + operator + (needsValues ? " needs values" : " takes no values")
          + ", found '" + written + "'");
    }
    if ((operator.equals("Gt") || operator.equals("Lt")) && (values.size() != 1 || !values.get(0).matches("-?\\d+"))) {
      throw new IllegalArgumentException(property + ": " + operator + " needs one integer, found '" + written + "'");
    }
    return new AffinityRule(weight, m.group(2), operator, values);
  }

  /** A node affinity expression: required when {@code weight} is 0, else preferred with that weight. */
  public record AffinityRule(int weight, String key, String operator, List<String> values) {
    /** True for a rule every node must meet. */
    public boolean required() {
      return weight == 0;
    }
  }

  /** A taint this class's pods tolerate. */
  public record Toleration(String key, String operator, String value, String effect) {}
}
