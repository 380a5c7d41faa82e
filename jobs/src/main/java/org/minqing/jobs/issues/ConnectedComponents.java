package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Connected components of an undirected graph given as edges (a, b), in Spark: every node takes
 * the smallest id among itself and its neighbours, then jumps to its label's label (pointer
 * jumping), until nothing changes. The label of a component is its smallest node id, so the result
 * does not depend on partitioning. Iterations grow with the logarithm of the components' diameter
 * in practice; lineage is cut every round.
 */
public final class ConnectedComponents {
  private ConnectedComponents() {}

  /** (id, comp) for every node that has at least one edge. */
  public static Dataset<Row> of(SparkSession spark, Dataset<Row> edges) {
    Dataset<Row> both = edges.select(col("a").as("src"), col("b").as("dst")).union(edges.select(col("b").as("src"), col("a").as("dst")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> labels = both.groupBy("src").agg(least(col("src"), min("dst")).as("comp")).withColumnRenamed("src", "id").transform(org.minqing.jobs.spark.Plans::cut);
    for (int round = 0; round < 200; round++) {
      // one hop: the smallest label among the neighbours
      Dataset<Row> hop = both.join(labels.withColumnRenamed("id", "dst"), "dst").groupBy("src").agg(min("comp").as("nb")).withColumnRenamed("src", "id");
      Dataset<Row> next = labels.join(hop, "id").select(col("id"), least(col("comp"), col("nb")).as("comp"));
      // pointer jumping: a node's label is a node of the same component; take that node's label
      Dataset<Row> jumped = next.join(next.select(col("id").as("comp"), col("comp").as("cc")), "comp")
          .select(col("id"), least(col("comp"), col("cc")).as("comp")).transform(org.minqing.jobs.spark.Plans::cut);
      long changed = jumped.join(labels.withColumnRenamed("comp", "old"), "id").filter(col("comp").notEqual(col("old"))).count();
      labels = jumped;
      if (changed == 0) {
        break;
      }
    }
    both.unpersist();
    return labels;
  }
}
