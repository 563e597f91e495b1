package io.trainyard.spec;

/** A pipeline document larger than {@link DocumentLimits#maxBytes}: refused before it is parsed. */
public class DocumentTooLargeException extends RuntimeException {
  private final long size;
  private final long limit;

  public DocumentTooLargeException(String sourceName, long size, long limit) {
    super(sourceName + " is " + size + " bytes; a pipeline document may have at most " + limit
        + " bytes (trainyard.pipelines.max-document-size)");
    this.size = size;
    this.limit = limit;
  }

  /** The document's size in bytes (at least: a text is measured only as far as needed). */
  public long size() {
    return size;
  }

  /** The largest size allowed, in bytes. */
  public long limit() {
    return limit;
  }
}
