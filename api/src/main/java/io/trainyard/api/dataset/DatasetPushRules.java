package io.trainyard.api.dataset;

import io.micronaut.core.annotation.Nullable;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.problem.DnsLabel;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.FreeText;
import io.trainyard.api.problem.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a dataset push must be, every mistake named at once: a DNS-label name, an absolute URI with a
 * scheme (any scheme; a {@code file:} URI names an absolute path), a sha256 digest, and bounded
 * metadata of strings, numbers and booleans. The problems never quote what was sent, so that a refused
 * push's audit row holds none of it.
 */
final class DatasetPushRules {
  /** The longest URI a version may have. */
  static final int MAX_URI_LENGTH = 2048;
  /** The most metadata entries a version may have. */
  static final int MAX_METADATA_ENTRIES = 64;
  /** The longest metadata key. */
  static final int MAX_KEY_LENGTH = 128;

  private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final String URI_EXPECTED = "an absolute URI with a scheme, such as s3://bucket/data.csv or file:///data/data.csv";

  private DatasetPushRules() {}

  /** A push that passed: the digest as stored ({@code sha256:} and lower-case hex), the metadata sorted by key. */
  record Checked(String uri, String digest, Map<String, Object> metadata) {}

  /** The push of {@code body} to dataset {@code name}, or {@link InvalidInputException} naming every field at fault. */
  static Checked check(String name, DatasetPush body) {
    List<FieldProblem> errors = new ArrayList<>();
    if (!DnsLabel.matches(name)) {
      errors.add(new FieldProblem("name", DnsLabel.EXPECTED));
    }
    String uri = uri(body.uri(), errors);
    String digest = digest(body.digest(), errors);
    Map<String, Object> metadata = metadata(body.metadata(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException("the dataset version has " + errors.size() + " error"
          + (errors.size() == 1 ? "" : "s") + "; nothing was stored", errors);
    }
    return new Checked(uri, digest, metadata);
  }

  private static String uri(@Nullable String uri, List<FieldProblem> errors) {
    if (uri == null || uri.isBlank()) {
      errors.add(new FieldProblem("uri", "is required: where the data is, " + URI_EXPECTED));
    } else if (uri.length() > MAX_URI_LENGTH) {
      errors.add(new FieldProblem("uri", "at most " + MAX_URI_LENGTH + " characters, got " + uri.length()));
    } else if (uri.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      errors.add(new FieldProblem("uri", "expected " + URI_EXPECTED + "; it has white space or a control character"));
    } else if (!absolute(uri)) {
      errors.add(new FieldProblem("uri", "expected " + URI_EXPECTED + ", not a relative path"));
    }
    return uri;
  }

  private static boolean absolute(String text) {
    try {
      URI uri = new URI(text);
      return uri.isAbsolute() && (!"file".equalsIgnoreCase(uri.getScheme()) || (uri.getPath() != null && uri.getPath().startsWith("/")));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String digest(@Nullable String digest, List<FieldProblem> errors) {
    String hex = digest != null && digest.startsWith(PipelineCatalog.DIGEST_PREFIX)
        ? digest.substring(PipelineCatalog.DIGEST_PREFIX.length())
        : digest;
    if (hex == null || !HEX_64.matcher(hex).matches()) {
      errors.add(new FieldProblem("digest", (digest == null ? "is required: " : "expected ")
          + "the sha256 of the data, 64 hex digits with or without '" + PipelineCatalog.DIGEST_PREFIX + "'"));
      return digest;
    }
    return PipelineCatalog.DIGEST_PREFIX + hex.toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> metadata(@Nullable Map<String, Object> metadata, List<FieldProblem> errors) {
    Map<String, Object> sorted = new TreeMap<>(metadata == null ? Map.of() : metadata);
    if (sorted.size() > MAX_METADATA_ENTRIES) {
      errors.add(new FieldProblem("metadata", "at most " + MAX_METADATA_ENTRIES + " entries, got " + sorted.size()));
      return sorted;
    }
    sorted.forEach((key, value) -> {
      if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
        errors.add(new FieldProblem("metadata", "keys have 1 to " + MAX_KEY_LENGTH + " characters, one has " + key.length()));
      } else if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        errors.add(new FieldProblem("metadata." + key, "expected a string, number or boolean"));
      } else if (value instanceof String text) {
        FreeText.problem("metadata." + key, text).ifPresent(errors::add);
      }
    });
    return sorted;
  }
}
