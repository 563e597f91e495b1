package io.trainyard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The rules every object rendered from deploy/ must follow; each broken rule is one line naming the object. */
final class ManifestInvariants {

  static final String NAME_LABEL = "app.kubernetes.io/name";
  /** Every Trainyard pod serves its metrics at /prometheus on its HTTP port (docs/operations.md#metrics). */
  static final Map<String, String> SCRAPED =
      Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "8080", "prometheus.io/path", "/prometheus");

  private ManifestInvariants() {
  }

  /** Every broken rule over the objects, empty when they all hold. */
  static List<String> violations(List<HasMetadata> objects) {
    List<String> found = new ArrayList<>();
    for (HasMetadata object : objects) {
      String id = object.getKind() + "/" + object.getMetadata().getName();
      if (!hasNameLabel(object.getMetadata().getLabels())) {
        found.add(id + ": no " + NAME_LABEL + " label");
      }
      podTemplate(object).ifPresent(template -> pod(id, template, found));
      if (object instanceof Role role) {
        rules(id, role.getRules(), found);
      }
      if (object instanceof ClusterRole || object instanceof ClusterRoleBinding) {
        found.add(id + ": cluster-wide RBAC; Trainyard's rights are namespaced (Role, RoleBinding)");
      }
      if (object instanceof Secret secret && (notEmpty(secret.getData()) || notEmpty(secret.getStringData()))) {
        found.add(id + ": a Secret with data in the manifests; reference Secrets made outside them");
      }
    }
    return found;
  }

  private static void pod(String id, PodTemplateSpec template, List<String> found) {
    if (template.getMetadata() == null || !hasNameLabel(template.getMetadata().getLabels())) {
      found.add(id + ": pod template has no " + NAME_LABEL + " label");
    }
    Map<String, String> annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
    if (annotations == null || !SCRAPED.equals(Map.of(
        "prometheus.io/scrape", annotations.getOrDefault("prometheus.io/scrape", ""),
        "prometheus.io/port", annotations.getOrDefault("prometheus.io/port", ""),
        "prometheus.io/path", annotations.getOrDefault("prometheus.io/path", "")))) {
      found.add(id + ": pod template is not annotated for scraping " + SCRAPED);
    }
    PodSpec spec = template.getSpec();
    boolean podNonRoot = Optional.ofNullable(spec.getSecurityContext()).map(PodSecurityContext::getRunAsNonRoot).orElse(false);
    for (Container container : Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream()).toList()) {
      String at = id + " container " + container.getName();
      ResourceRequirements resources = container.getResources();
      if (resources == null || !hasCpuAndMemory(resources.getRequests())) {
        found.add(at + ": no cpu and memory requests");
      }
      if (resources == null || !hasCpuAndMemory(resources.getLimits())) {
        found.add(at + ": no cpu and memory limits");
      }
      if (container.getLivenessProbe() == null) {
        found.add(at + ": no liveness probe");
      }
      if (container.getReadinessProbe() == null) {
        found.add(at + ": no readiness probe");
      }
      SecurityContext security = container.getSecurityContext();
      boolean nonRoot = security != null && security.getRunAsNonRoot() != null ? security.getRunAsNonRoot() : podNonRoot;
      if (!nonRoot) {
        found.add(at + ": may run as root (runAsNonRoot)");
      }
      if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
        found.add(at + ": root filesystem is writable (readOnlyRootFilesystem)");
      }
      for (EnvVar env : container.getEnv()) {
        if (env.getValue() != null && looksSecret(env.getName())) {
          found.add(at + ": " + env.getName() + " has a literal value; use secretKeyRef");
        }
      }
    }
  }

  private static void rules(String id, List<PolicyRule> rules, List<String> found) {
    for (PolicyRule rule : rules) {
      Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getResourceNames(), rule.getNonResourceURLs())
          .flatMap(List::stream)
          .filter(value -> value.contains("*"))
          .forEach(value -> found.add(id + ": wildcard '" + value + "' in rule " + rule.getResources()));
    }
  }

  private static Optional<PodTemplateSpec> podTemplate(HasMetadata object) {
    if (object instanceof Deployment deployment) {
      return Optional.of(deployment.getSpec().getTemplate());
    }
    if (object instanceof StatefulSet set) {
      return Optional.of(set.getSpec().getTemplate());
    }
    if (object instanceof DaemonSet set) {
      return Optional.of(set.getSpec().getTemplate());
    }
    if (object instanceof Job job) {
      return Optional.of(job.getSpec().getTemplate());
    }
    return Optional.empty();
  }

  private static boolean hasNameLabel(Map<String, String> labels) {
    return labels != null && labels.get(NAME_LABEL) != null && !labels.get(NAME_LABEL).isBlank();
  }

  private static boolean hasCpuAndMemory(Map<String, ?> quantities) {
    return quantities != null && quantities.containsKey("cpu") && quantities.containsKey("memory");
  }

  private static boolean notEmpty(Map<String, String> map) {
    return map != null && !map.isEmpty();
  }

  private static boolean looksSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.contains("SECRET") || upper.contains("PASSWORD") || upper.contains("TOKEN");
  }
}
