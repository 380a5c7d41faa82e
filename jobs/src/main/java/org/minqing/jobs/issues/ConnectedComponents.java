package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.minqing.jobs.spark.Plans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connected components of an undirected graph given as edges (a, b), in Spark. The label of a
 * component is its smallest node id (Spark's string order), so the result does not depend on
 * partitioning.
 *
 * <p>Three steps, each a union-find inside a task, so that a chain of any length inside one task
 * costs one pass and Spark rounds are needed only for what crosses tasks:
 *
 * <ol>
 *   <li><b>Contract where the edges lie</b> (no shuffle): each partition of the edges (the issue
 *       graph's edges come out of one task per candidate key, so one problem's edges mostly share
 *       a partition) becomes a star per local component, (node, local root). At most {@link
 *       #CHUNK} edges are contracted at a time, so a task's memory does not grow with N.
 *   <li><b>Dense long ids</b> in Spark's string order: every later shuffle moves two longs per pair.
 *   <li><b>Rounds</b>: every pair (x, m) is sent to the partition of x and to the partition of m;
 *       each partition unites what it received and emits (v, root) for every node v it saw that is
 *       not a root. The labels of a node meet in its partition, and a label's own label meets the
 *       pairs that point to it in the label's partition, so chains shrink every round. A round in
 *       which every pair received already points to its root changes nothing: then every
 *       component is a star on its smallest node (a pair pointing to a node that has a smaller
 *       label, or a node with two labels, would have been found in that node's partition).
 * </ol>
 *
 * The first method (min-label propagation with pointer jumping, four joins of string ids per
 * round) did not finish the placed graph of a million generated complaints in an hour.
 */
public final class ConnectedComponents {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectedComponents.class);

  private ConnectedComponents() {}

  /** Edges contracted at a time in the first step (bounds a task's memory). */
  static final int CHUNK = 2_000_000;

  /** Pairs per partition aimed at in the rounds (more partitions than the configured number when the graph is big). */
  static final long PAIRS_PER_PARTITION = 2_000_000;

  static final StructType NAMED = new StructType().add("x", DataTypes.StringType, false).add("m", DataTypes.StringType, false);
  static final StructType INDEX = new StructType().add("id", DataTypes.StringType, false).add("ix", DataTypes.LongType, false);
  static final StructType PAIR = new StructType().add("x", DataTypes.LongType, false).add("m", DataTypes.LongType, false);
  static final StructType SENT = new StructType().add("k", DataTypes.LongType, false).add("x", DataTypes.LongType, false).add("m", DataTypes.LongType, false);

  /** (id, comp) for every node that has at least one edge to another node (a self-loop alone makes no component; the issue graph has a &lt; b). */
  public static Dataset<Row> of(SparkSession spark, Dataset<Row> edges) {
    return of(spark, edges, CHUNK);
  }

  /** As {@link #of(SparkSession, Dataset)} with {@code chunk} edges contracted at a time in the first step (tests use small ones). */
  static Dataset<Row> of(SparkSession spark, Dataset<Row> edges, int chunk) {
    long t0 = System.nanoTime();
    // 1. stars per partition of the edges as they lie
    Dataset<Row> local = Plans.cut(edges.select("a", "b").mapPartitions(localStars(chunk), Encoders.row(NAMED)));
    // 2. dense ids in Spark's order: the smallest long of a component is its smallest id
    JavaRDD<Row> ordered = local.select(col("x").as("id")).union(local.select(col("m").as("id"))).distinct().orderBy("id").javaRDD();
    Dataset<Row> index = Plans.cut(spark.createDataFrame(ordered.zipWithIndex().map(t -> RowFactory.create(t._1().getString(0), t._2())), INDEX));
    Dataset<Row> pairs = Plans.cut(local.join(index.select(col("id").as("x"), col("ix").as("xi")), "x").join(index.select(col("id").as("m"), col("ix").as("mi")), "m")
        .select(col("xi").as("x"), col("mi").as("m")));
    long count = pairs.count();
    int parts = (int) Math.max(Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")), Math.min(10_000, (2 * count + PAIRS_PER_PARTITION - 1) / PAIRS_PER_PARTITION));
    // 3. rounds of union-find per partition until every pair points to its root
    int round = 0;
    while (true) {
      round++;
      LongAccumulator moved = spark.sparkContext().longAccumulator("cc-moved");
      Dataset<Row> sent = pairs.flatMap((FlatMapFunction<Row, Row>) r -> List.of(RowFactory.create(r.getLong(0), r.getLong(0), r.getLong(1)),
          RowFactory.create(r.getLong(1), r.getLong(0), r.getLong(1))).iterator(), Encoders.row(SENT));
      Dataset<Row> next = Plans.cut(sent.repartition(parts, col("k")).mapPartitions(roundStars(moved), Encoders.row(PAIR)));
      pairs = next;
      if (moved.value() == 0 || round >= 100) {
        if (moved.value() != 0) {
          throw new IllegalStateException("connected components did not converge in 100 rounds (" + moved.value() + " pairs still moving)");
        }
        break;
      }
    }
    Dataset<Row> labels = pairs.distinct().unionByName(pairs.select(col("m").as("x"), col("m")).distinct());
    Dataset<Row> out = Plans.cut(labels.join(index.select(col("ix").as("x"), col("id")), "x").join(index.select(col("ix").as("m"), col("id").as("comp")), "m")
        .select("id", "comp"));
    LOG.info("connected components: {} contracted pairs, {} rounds of {} partitions, {} s", count, round, parts, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return out;
  }

  /**
   * Step 1: (a, b) rows → (x, m) with m the smallest node of x's component within a chunk of
   * {@code size} edges of the partition, for every non-root x; one chunk at a time, lazily.
   */
  static MapPartitionsFunction<Row, Row> localStars(int size) {
    return rows -> new Iterator<Row>() {
      private Iterator<Row> chunk = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!chunk.hasNext() && rows.hasNext()) {
          Map<String, String> parent = new HashMap<>();
          for (int i = 0; i < size && rows.hasNext(); i++) {
            Row r = rows.next();
            union(parent, r.getString(0), r.getString(1));
          }
          List<Row> out = new ArrayList<>();
          emit(parent, out);
          chunk = out.iterator();
        }
        return chunk.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return chunk.next();
      }
    };
  }

  private static String find(Map<String, String> parent, String x) {
    String root = x;
    for (String p = parent.get(root); p != null && !p.equals(root); p = parent.get(root)) {
      root = p;
    }
    // path compression
    for (String y = x; !y.equals(root);) {
      String p = parent.get(y);
      parent.put(y, root);
      y = p;
    }
    return root;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    parent.putIfAbsent(a, a);
    parent.putIfAbsent(b, b);
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      if (ra.compareTo(rb) < 0) {
        parent.put(rb, ra);
      } else {
        parent.put(ra, rb);
      }
    }
  }

  private static void emit(Map<String, String> parent, List<Row> out) {
    for (String x : parent.keySet()) {
      String root = find(parent, x);
      if (!root.equals(x)) {
        out.add(RowFactory.create(x, root));
      }
    }
  }

  /** Step 3, one round: (k, x, m) rows of a partition → (v, root) for every non-root node seen; counts received pairs not already pointing to their root. */
  static MapPartitionsFunction<Row, Row> roundStars(LongAccumulator moved) {
    return rows -> {
      long[] xs = new long[1024];
      long[] ms = new long[1024];
      int n = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (n == xs.length) {
          xs = Arrays.copyOf(xs, 2 * n);
          ms = Arrays.copyOf(ms, 2 * n);
        }
        xs[n] = r.getLong(1);
        ms[n] = r.getLong(2);
        n++;
      }
      long[] nodes = new long[2 * n];
      System.arraycopy(xs, 0, nodes, 0, n);
      System.arraycopy(ms, 0, nodes, n, n);
      Arrays.sort(nodes);
      int u = 0;
      for (int i = 0; i < nodes.length; i++) {
        if (u == 0 || nodes[i] != nodes[u - 1]) {
          nodes[u++] = nodes[i];
        }
      }
      // union-find over positions in the sorted node list: the smaller position is the smaller id
      int[] parent = new int[u];
      for (int i = 0; i < u; i++) {
        parent[i] = i;
      }
      int[] xi = new int[n];
      int[] mi = new int[n];
      for (int i = 0; i < n; i++) {
        xi[i] = Arrays.binarySearch(nodes, 0, u, xs[i]);
        mi[i] = Arrays.binarySearch(nodes, 0, u, ms[i]);
        int ra = root(parent, xi[i]);
        int rb = root(parent, mi[i]);
        if (ra != rb) {
          parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
      }
      long stale = 0;
      for (int i = 0; i < n; i++) {
        if (root(parent, mi[i]) != mi[i]) {
          stale++;
        }
      }
      moved.add(stale);
      List<Row> out = new ArrayList<>();
      for (int i = 0; i < u; i++) {
        int r = root(parent, i);
        if (r != i) {
          out.add(RowFactory.create(nodes[i], nodes[r]));
        }
      }
      return out.iterator();
    };
  }

  private static int root(int[] parent, int i) {
    int r = i;
    while (parent[r] != r) {
      r = parent[r];
    }
    while (parent[i] != r) {
      int p = parent[i];
      parent[i] = r;
      i = p;
    }
    return r;
  }
}
