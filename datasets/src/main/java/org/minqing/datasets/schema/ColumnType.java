package org.minqing.datasets.schema;

/** Logical column types of the lake; the jobs module maps them to Spark types, docs to SQL names. */
public enum ColumnType {
  STRING("STRING"),
  INT("INT"),
  LONG("BIGINT"),
  DOUBLE("DOUBLE"),
  BOOLEAN("BOOLEAN"),
  /** An instant, stored as Parquet INT96/INT64 timestamp; shown in Asia/Shanghai. */
  TIMESTAMP("TIMESTAMP"),
  DATE("DATE"),
  STRING_ARRAY("ARRAY<STRING>"),
  INT_ARRAY("ARRAY<INT>");

  private final String sqlName;

  ColumnType(String sqlName) {
    this.sqlName = sqlName;
  }

  /** The type as Spark SQL and DuckDB print it. */
  public String sqlName() {
    return sqlName;
  }
}
