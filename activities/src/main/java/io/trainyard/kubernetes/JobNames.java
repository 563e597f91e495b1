package io.trainyard.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names and labels of the Kubernetes objects Trainyard creates: one deterministic Job name per
 * run, step and attempt, so that a retried or replayed activity finds the Job it created before.
 */
public final class JobNames {
  /** Longest object name and label value Kubernetes accepts. */
  public static final int MAX_LENGTH = 63;
  public static final String NAME_LABEL = "app.kubernetes.io/name";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String RUN_LABEL = "trainyard.io/run";
  public static final String STEP_LABEL = "trainyard.io/step";
  public static final String ATTEMPT_LABEL = "trainyard.io/attempt";
  public static final String HARDWARE_LABEL = "trainyard.io/hardware";
  /** The value of {@link #NAME_LABEL} and {@link #MANAGED_BY_LABEL} on every object Trainyard creates. */
  public static final String APP = "trainyard";

  private static final String PREFIX = "ty-";
  private static final int HASH_LENGTH = 10;

  private JobNames() {}

  /**
   * The Job of one attempt: {@code ty-<run>-<step>-<attempt>} in DNS-1123 form; when that form had
   * to change the run or step (case, characters, length), a hash of the exact triple is appended so
   * that two different triples never share a name.
   */
  public static String job(String runId, String step, int attempt) {
    String readable = PREFIX + dns(runId) + "-" + dns(step) + "-" + attempt;
    boolean exact = readable.equals(PREFIX + runId + "-" + step + "-" + attempt);
    if (exact && readable.length() <= MAX_LENGTH) {
      return readable;
    }
    String hash = hash(runId + "\n" + step + "\n" + attempt);
    String head = readable.substring(0, Math.min(readable.length(), MAX_LENGTH - HASH_LENGTH - 1));
    return trimDashes(head) + "-" + hash;
  }

  /** The labels every object of one attempt carries. */
  public static Map<String, String> labels(String runId, String step, int attempt, String hardware) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME_LABEL, APP);
    labels.put(COMPONENT_LABEL, "step");
    labels.put(MANAGED_BY_LABEL, APP);
    labels.put(RUN_LABEL, labelValue(runId));
    labels.put(STEP_LABEL, labelValue(step));
    labels.put(ATTEMPT_LABEL, Integer.toString(attempt));
    labels.put(HARDWARE_LABEL, labelValue(hardware));
    return labels;
  }

  /**
   * {@code raw} as a label value: at most 63 characters of {@code [A-Za-z0-9._-]}, starting and
   * ending alphanumeric; a value that had to change ends in a hash of the original.
   */
  public static String labelValue(String raw) {
    String cleaned = trimEdges(raw.replaceAll("[^A-Za-z0-9._-]", "-"));
    if (cleaned.equals(raw) && raw.length() <= MAX_LENGTH) {
      return raw;
    }
    String head = cleaned.substring(0, Math.min(cleaned.length(), MAX_LENGTH - HASH_LENGTH - 1));
    String trimmed = trimEdges(head);
    return trimmed.isEmpty() ? hash(raw) : trimmed + "-" + hash(raw);
  }

  private static String dns(String raw) {
    return trimDashes(raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-"));
  }

  private static String trimDashes(String s) {
    return s.replaceAll("^-+|-+$", "");
  }

  private static String trimEdges(String s) {
    return s.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
  }

  private static String hash(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
