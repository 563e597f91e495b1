package io.trainyard.spec;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.common.base.Utf8;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * How large a pipeline document may be ({@code maxBytes}, checked before any parser sees it) and the
 * limits its YAML reader enforces while reading, so that a document under the size limit cannot
 * grow into more work than its size (aliases, nesting, code points): Jackson's
 * {@link StreamReadConstraints} and SnakeYAML's {@link LoaderOptions}.
 */
public record DocumentLimits(long maxBytes) {
  /** The default size limit of a pipeline document: 1 MiB (property {@code trainyard.pipelines.max-document-size}). */
  public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
  /** The default limits. */
  public static final DocumentLimits DEFAULT = new DocumentLimits(DEFAULT_MAX_BYTES);
  /** Deepest nesting of mappings and lists: a pipeline needs about 6, parameter values a few more. */
  public static final int MAX_NESTING = 32;
  /** Aliases (`*name`) a document may use: pipelines have no use for them. */
  public static final int MAX_ALIASES = 10;

  public DocumentLimits {
    if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("max document size: expected 1 byte to 2 GiB, got " + maxBytes);
    }
  }

  /** Refuses a document of {@code bytes} bytes when it is larger than the limit, before anything reads it. */
  public void check(long bytes, String sourceName) {
    if (bytes > maxBytes) {
      throw new DocumentTooLargeException(sourceName, bytes, maxBytes);
    }
  }

  /** Refuses a text larger than the limit in UTF-8, before anything parses it. */
  public void check(String text, String sourceName) {
    // every char takes at least one byte: a text of more chars than the limit is refused unencoded
    check(text.length() > maxBytes ? text.length() : Utf8.encodedLength(text), sourceName);
  }

  /** A YAML (and so JSON) factory that reads at most this many code points, this deep, with these aliases. */
  public YAMLFactory yamlFactory() {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit((int) maxBytes);
    loader.setNestingDepthLimit(MAX_NESTING);
    loader.setMaxAliasesForCollections(MAX_ALIASES);
    loader.setAllowDuplicateKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(loader)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING)
            .maxStringLength((int) maxBytes)
            .maxNameLength((int) Math.min(maxBytes, StreamReadConstraints.DEFAULT_MAX_NAME_LEN))
            .maxDocumentLength(maxBytes)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }
}
