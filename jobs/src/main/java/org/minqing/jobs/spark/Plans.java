package org.minqing.jobs.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Lineage cuts that also cut the planner's size estimates.
 *
 * <p>Since Spark 3.4 a {@code localCheckpoint()} keeps the size estimate of the plan it replaced,
 * and a join's estimate (without CBO) is the product of its sides'. Iterative joins — connected
 * components, pointer jumping — therefore square the estimate every round: on the 泰迪杯 data
 * (largest component 3,383 complaints) the numbers grew to millions of digits and planning one
 * query took minutes of BigInteger multiplication. {@link #cut} checkpoints and then re-wraps the
 * rows without the inherited estimate, so every cut starts from Spark's default size again.
 */
public final class Plans {
  private Plans() {}

  /** Materialises {@code ds} (in executor memory/disk, like localCheckpoint) and forgets its lineage and size estimate. */
  public static Dataset<Row> cut(Dataset<Row> ds) {
    Dataset<Row> c = ds.localCheckpoint();
    if (c.sparkSession() instanceof org.apache.spark.sql.classic.SparkSession classic) {
      // the checkpointed rows as they are (Spark's internal rows): going through javaRDD() would
      // convert every row to a Java Row and back on each later pass over it
      return classic.internalCreateDataFrame(c.queryExecution().toRdd(), c.schema(), false);
    }
    return c.sparkSession().createDataFrame(c.javaRDD(), c.schema());
  }
}
