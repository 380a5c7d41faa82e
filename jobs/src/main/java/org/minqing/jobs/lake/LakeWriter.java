package org.minqing.jobs.lake;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minqing.datasets.schema.Table;
import org.minqing.jobs.spark.SparkSchemas;

/** Writes whole partitions of a lake table: staged, one sorted file per partition, committed atomically. */
public final class LakeWriter {
  private LakeWriter() {}

  /**
   * Replaces partitions {@code touched} of {@code table} with {@code rows} (which must hold every
   * row those partitions should have). A touched partition with no rows becomes empty. The declared
   * schema is imposed exactly, so the same rows always give the same files.
   */
  public static List<String> replacePartitions(SparkSession spark, Lake lake, String runId, Table table, Dataset<Row> rows, Collection<String> touched, String... sortBy) {
    if (table.partitionBy().size() != 1) {
      throw new IllegalArgumentException("LakeWriter handles tables with one partition column; " + table.name() + " has " + table.partitionBy());
    }
    String part = table.partitionBy().get(0);
    // Attach the declared column docs with a select; when nullability already matches (the usual case
    // for freshly computed rows) that is the exact schema, else a round trip through an RDD imposes it.
    var declared = SparkSchemas.of(table);
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[declared.fields().length];
    for (int i = 0; i < cols.length; i++) {
      var f = declared.fields()[i];
      cols[i] = col(f.name()).as(f.name(), f.metadata());
    }
    Dataset<Row> projected = rows.select(cols);
    boolean same = projected.schema().equals(declared);
    org.slf4j.LoggerFactory.getLogger(LakeWriter.class).debug("{}: rows {} the declared schema", table.name(), same ? "have" : "are converted to");
    Dataset<Row> exact = same ? projected : spark.createDataFrame(projected.javaRDD(), declared);
    Path staged = lake.staging(runId, table.name());
    exact.repartition(col(part)).sortWithinPartitions(part, sortBy).write().mode("overwrite").partitionBy(part).parquet(staged.toString());
    try {
      for (String v : touched) {
        Path p = new Path(staged, part + "=" + v);
        if (!lake.fs().exists(p)) {
          lake.fs().mkdirs(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lake.commit(runId, table.name());
  }
}
