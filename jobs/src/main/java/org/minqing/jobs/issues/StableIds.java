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

  /** {@link #carry} on an incremental night ({@code carried}), else {@link #match}. */
  public static Matched match(Dataset<Row> now, Dataset<Row> before, String prefix, String runDate, boolean carried) {
    return carried ? carry(now, before, prefix, runDate) : match(now, before, prefix, runDate);
  }

  /**
   * {@link #match} for an incremental night, whose clusters are keyed by the previous ids they
   * continue: a cluster whose key is a previous id keeps it, every other cluster gets a minted id,
   * and nothing merges or splits. The same result as {@link #match} there (each continuing
   * cluster's previous members are all of its previous issue, and no other cluster holds any of
   * them), without counting the window's overlaps.
   *
   * @param now (id, key): this run's complaint → cluster key (a previous id, or a new cluster's smallest member id)
   * @param before (id, old): the previous run's complaint → issue id
   */
  public static Matched carry(Dataset<Row> now, Dataset<Row> before, String prefix, String runDate) {
    Dataset<Row> keys = now.select("key").distinct();
    Dataset<Row> oldIds = before.select(col("old").as("key")).distinct().withColumn("kept", col("key"));
    Dataset<Row> keyed = keys.join(oldIds, "key", "left");
    return ids(keyed, keyed.filter(col("kept").isNotNull()).select("kept"), null, null, prefix, runDate);
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
    return ids(keys.join(mutual, "key", "left"), mutual.select("kept"), merged, split, prefix, runDate);
  }

  /**
   * (key, kept) → the ids: kept, or minted from the key (rehashed with the run date where it would
   * reuse a kept id); merged (key, merged) and split (key, split_from) attached when given.
   */
  private static Matched ids(Dataset<Row> keyed, Dataset<Row> keptBy, Dataset<Row> merged, Dataset<Row> split, String prefix, String runDate) {
    StructType t = new StructType().add("key", DataTypes.StringType, false).add("new_id", DataTypes.StringType, false).add("minted", DataTypes.BooleanType, false);
    Dataset<Row> proposed = keyed
        .map((MapFunction<Row, Row>) r -> {
          String kept = r.getAs("kept");
          String key = r.getAs("key");
          return RowFactory.create(key, kept != null ? kept : IssuesJob.hashId(prefix, key), kept == null);
        }, org.apache.spark.sql.Encoders.row(t));
    // a minted id may not reuse an id some cluster kept (its seed complaint once seeded that issue)
    Dataset<Row> keptIds = keptBy.select(col("kept").as("new_id")).withColumn("taken", lit(true));
    Dataset<Row> ids = proposed.join(keptIds, "new_id", "left")
        .map((MapFunction<Row, Row>) r -> {
          boolean clash = r.<Boolean>getAs("minted") && !r.isNullAt(r.fieldIndex("taken"));
          String key = r.getAs("key");
          return RowFactory.create(key, clash ? IssuesJob.hashId(prefix, key + "@" + runDate) : r.getAs("new_id"), r.<Boolean>getAs("minted"));
        }, Encoders.row(t));
    ids = merged == null
        ? ids.withColumn("merged", lit(null).cast(DataTypes.createArrayType(DataTypes.StringType))).withColumn("split_from", lit(null).cast(DataTypes.StringType))
        : ids.join(merged, "key", "left").join(split, "key", "left");
    ids = ids.select("key", "new_id", "minted", "merged", "split_from").transform(org.minqing.jobs.spark.Plans::cut);
    Row c = ids.agg(count(lit(1)), org.apache.spark.sql.functions.sum(when(col("minted"), 1).otherwise(0)), org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.size(org.apache.spark.sql.functions.coalesce(col("merged"), org.apache.spark.sql.functions.array()))),
        count(col("split_from"))).first();
    long total = c.getLong(0);
    long minted = c.isNullAt(1) ? 0 : c.getLong(1);
    return new Matched(ids, total - minted, minted, c.isNullAt(2) ? 0 : c.getLong(2), c.getLong(3));
  }
}
