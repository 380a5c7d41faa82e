package org.minqing.datasets.schema;

import java.util.Objects;

/**
 * One column of a lake table: its name, logical type, nullability, privacy class and meaning.
 *
 * <p>Immutable. The documentation in {@code datasets/README.md} is generated from these objects.
 */
public record Column(String name, ColumnType type, boolean nullable, Privacy privacy, String doc) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(privacy, "privacy");
    Objects.requireNonNull(doc, "doc");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("Column name must be snake_case ASCII, got '" + name + "'");
    }
  }

  public static Column required(String name, ColumnType type, String doc) {
    return new Column(name, type, false, Privacy.NONE, doc);
  }

  public static Column optional(String name, ColumnType type, String doc) {
    return new Column(name, type, true, Privacy.NONE, doc);
  }

  public Column withPrivacy(Privacy p) {
    return new Column(name, type, nullable, p, doc);
  }
}
