package io.trainyard.spec;

/** Builds and walks field paths such as {@code train[0].inputs.train}. */
final class FieldPath {
  private FieldPath() {}

  static String field(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The enclosing field: {@code train[0].inputs} for {@code train[0].inputs.train}, {@code ""} at the top. */
  static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }
}
