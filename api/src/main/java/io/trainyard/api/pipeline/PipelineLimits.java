package io.trainyard.api.pipeline;

import io.micronaut.core.value.PropertyResolver;
import io.trainyard.spec.DocumentLimits;

/**
 * The size limit of a pipeline document, property {@value #MAX_DOCUMENT_SIZE} (bytes; default 1 MiB),
 * read where a pipeline parser is made: the API's catalog and the CLI's {@code run}.
 */
public final class PipelineLimits {
  /** The largest pipeline document accepted, in bytes. */
  public static final String MAX_DOCUMENT_SIZE = "trainyard.pipelines.max-document-size";

  private PipelineLimits() {}

  /** The limits these properties set; a size that is not 1 byte to 2 GiB stops the caller, naming the property. */
  public static DocumentLimits of(PropertyResolver properties) {
    long bytes = properties.getProperty(MAX_DOCUMENT_SIZE, Long.class).orElse(DocumentLimits.DEFAULT_MAX_BYTES);
    try {
      return new DocumentLimits(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(MAX_DOCUMENT_SIZE + ": " + e.getMessage(), e);
    }
  }
}
