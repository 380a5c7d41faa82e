package org.minqing.datasets.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A lake table: {@code <lake>/<name>/<partition>=<value>/part-*.parquet}.
 *
 * <p>Immutable. Partition columns are part of {@link #columns()} (last), as Spark and DuckDB show them.
 */
public final class Table {
  private final String name;
  private final String oneRowPer;
  private final String doc;
  private final List<Column> columns;
  private final List<String> partitionBy;

  public Table(String name, String oneRowPer, String doc, List<Column> columns, List<String> partitionBy) {
    this.name = Objects.requireNonNull(name);
    this.oneRowPer = Objects.requireNonNull(oneRowPer);
    this.doc = Objects.requireNonNull(doc);
    this.columns = List.copyOf(columns);
    this.partitionBy = List.copyOf(partitionBy);
    var seen = new LinkedHashSet<String>();
    for (Column c : columns) {
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException("Table " + name + " declares column '" + c.name() + "' twice");
      }
    }
    for (String p : partitionBy) {
      if (!seen.contains(p)) {
        throw new IllegalArgumentException("Table " + name + ": partition column '" + p + "' is not a column");
      }
    }
  }

  public String name() {
    return name;
  }

  public String oneRowPer() {
    return oneRowPer;
  }

  public String doc() {
    return doc;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> partitionBy() {
    return partitionBy;
  }

  public List<String> columnNames() {
    var out = new ArrayList<String>(columns.size());
    for (Column c : columns) {
      out.add(c.name());
    }
    return Collections.unmodifiableList(out);
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /** The column, or an exception naming the table and the columns it has. */
  public Column requireColumn(String columnName) {
    return column(columnName)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Table " + name + " has no column '" + columnName + "', expected one of " + columnNames()));
  }

  @Override
  public String toString() {
    return "Table[" + name + ", " + columns.size() + " columns]";
  }
}
