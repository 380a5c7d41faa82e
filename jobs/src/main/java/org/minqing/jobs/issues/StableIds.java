package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Gives this run's clusters the ids of the previous run's issues they continue.
 *
 * <p>For every (cluster, previous id) the shared complaints are counted. A cluster and a previous
 * id that are each other's best match (most shared complaints; ties by the smaller id) are the
 * same issue: the cluster keeps the id. Every other cluster gets a new id, derived from its
 * smallest member's complaint id (so a rerun mints the same one). A previous id whose best cluster
 * kept another id was <em>merged</em> into that cluster; a cluster whose best previous id went to
 * another cluster <em>split from</em> it. All of it is joins and window functions: no per-issue
 * data reaches the driver.
 */
public final class StableIds {
  private StableIds() {}

  /** (key, new_id, merged: previous ids merged into it, split_from), and counts. */
  public record Matched(Dataset<Row> ids, long kept, long minted, long merges, long splits) {
    void unpersist() {
      ids.unpersist();
    }
  }

  /**
   * @param now (id, key): this run's complaint → cluster key (the cluster's smallest member id)
   * @param before (id, old): the previous run's complaint → issue id
   */
  public static Matched match(Dataset<Row> now, Dataset<Row> before, String prefix, String runDate) {
    Dataset<Row> overlap = now.join(before, "id").groupBy("key", "old").agg(count(lit(1)).as("n")).transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> bestOld = overlap.withColumn("r", row_number().over(Window.partitionBy("key").orderBy(col("n").desc(), col("old")))).filter(col("r").equalTo(1)).select("key", "old");
    Dataset<Row> bestKey = overlap.withColumn("r", row_number().over(Window.partitionBy("old").orderBy(col("n").desc(), col("key")))).filter(col("r").equalTo(1)).select("key", "old");
    Dataset<Row> mutual = bestOld.join(bestKey, new String[] {"key", "old"}, "inner").withColumnRenamed("old", "kept");
    Dataset<Row> merged = bestKey.join(mutual.select("kept"), bestKey.col("old").equalTo(mutual.col("kept")), "left_anti")
        .groupBy("key").agg(collect_list("old").as("merged"));
    Dataset<Row> split = bestOld.join(mutual.select(col("kept").as("old")), "old", "left_semi").join(mutual.select("key"), "key", "left_anti")
        .withColumnRenamed("old", "split_from");
    Dataset<Row> keys = now.select("key").distinct();
    StructType t = new StructType().add("key", DataTypes.StringType, false).add("new_id", DataTypes.StringType, false).add("minted", DataTypes.BooleanType, false);
    Dataset<Row> proposed = keys.join(mutual, "key", "left")
        .map((MapFunction<Row, Row>) r -> {
          String kept = r.getAs("kept");
          String key = r.getAs("key");
          return RowFactory.create(key, kept != null ? kept : IssuesJob.hashId(prefix, key), kept == null);
        }, org.apache.spark.sql.Encoders.row(t));
    // a minted id may not reuse an id some cluster kept (its seed complaint once seeded that issue)
    Dataset<Row> keptIds = mutual.select(col("kept").as("new_id")).withColumn("taken", lit(true));
    Dataset<Row> ids = proposed.join(keptIds, "new_id", "left")
        .map((MapFunction<Row, Row>) r -> {
          boolean clash = r.<Boolean>getAs("minted") && !r.isNullAt(r.fieldIndex("taken"));
          String key = r.getAs("key");
          return RowFactory.create(key, clash ? IssuesJob.hashId(prefix, key + "@" + runDate) : r.getAs("new_id"), r.<Boolean>getAs("minted"));
        }, Encoders.row(t))
        .join(merged, "key", "left").join(split, "key", "left")
        .select("key", "new_id", "minted", "merged", "split_from")
        .transform(org.minqing.jobs.spark.Plans::cut);
    Row c = ids.agg(count(lit(1)), org.apache.spark.sql.functions.sum(when(col("minted"), 1).otherwise(0)), org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.size(org.apache.spark.sql.functions.coalesce(col("merged"), org.apache.spark.sql.functions.array()))),
        count(col("split_from"))).first();
    long total = c.getLong(0);
    long minted = c.isNullAt(1) ? 0 : c.getLong(1);
    return new Matched(ids, total - minted, minted, c.isNullAt(2) ? 0 : c.getLong(2), c.getLong(3));
  }
}
