package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.minqing.jobs.SparkTestBase;

/** Connected components in Spark against a plain union-find, on graphs that need many rounds. */
public class ConnectedComponentsTest extends SparkTestBase {
  static final StructType EDGES = new StructType().add("a", DataTypes.StringType, false).add("b", DataTypes.StringType, false);

  /** id → smallest id of its component, for every node with an edge to another node. */
  static Map<String, String> reference(List<String[]> edges) {
    Map<String, String> parent = new TreeMap<>();
    for (String[] e : edges) {
      if (e[0].equals(e[1])) {
        continue;
      }
      parent.putIfAbsent(e[0], e[0]);
      parent.putIfAbsent(e[1], e[1]);
      String ra = find(parent, e[0]);
      String rb = find(parent, e[1]);
      if (ra.compareTo(rb) < 0) {
        parent.put(rb, ra);
      } else if (rb.compareTo(ra) < 0) {
        parent.put(ra, rb);
      }
    }
    Map<String, String> out = new TreeMap<>();
    for (String x : parent.keySet()) {
      out.put(x, find(parent, x));
    }
    return out;
  }

  static String find(Map<String, String> parent, String x) {
    while (!parent.get(x).equals(x)) {
      x = parent.get(x);
    }
    return x;
  }

  static Map<String, String> spark(List<String[]> edges, int partitions) {
    return spark(edges, partitions, ConnectedComponents.CHUNK);
  }

  static Map<String, String> spark(List<String[]> edges, int partitions, int chunk) {
    List<Row> rows = new ArrayList<>();
    for (String[] e : edges) {
      rows.add(RowFactory.create(e[0], e[1]));
    }
    Dataset<Row> ds = spark().createDataFrame(rows, EDGES).repartition(partitions);
    Map<String, String> out = new TreeMap<>();
    for (Row r : ConnectedComponents.of(spark(), ds, chunk).collectAsList()) {
      String before = out.put(r.getString(0), r.getString(1));
      assertEquals(null, before, "one label per node: " + r.getString(0));
    }
    return out;
  }

  /** The first differences (node: expected → got), empty when equal. */
  static String diff(Map<String, String> expected, Map<String, String> got) {
    StringBuilder sb = new StringBuilder();
    java.util.Set<String> all = new java.util.TreeSet<>(expected.keySet());
    all.addAll(got.keySet());
    int shown = 0;
    for (String k : all) {
      if (!java.util.Objects.equals(expected.get(k), got.get(k)) && shown++ < 10) {
        sb.append(k).append(": ").append(expected.get(k)).append(" → ").append(got.get(k)).append("; ");
      }
    }
    return shown == 0 ? "" : shown + " nodes differ: " + sb;
  }

  static String id(int i) {
    return String.format("n%05d", i);
  }

  @Test
  void aLongPathInShuffledOrderIsOneComponentLabelledByItsSmallestNode() {
    // a path over 3,000 nodes visited in random order: its diameter is 2,999, across partitions
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(11));
    List<String[]> edges = new ArrayList<>();
    for (int i = 1; i < order.size(); i++) {
      edges.add(new String[] {id(order.get(i - 1)), id(order.get(i))});
    }
    Collections.shuffle(edges, new Random(12));
    Map<String, String> got = spark(edges, 7);
    assertEquals(3000, got.size());
    assertEquals(1, got.values().stream().distinct().count());
    assertEquals(id(0), got.get(id(2999)));
  }

  @Test
  void randomSparseGraphsMatchUnionFindWhateverThePartitioning() {
    Random rnd = new Random(3);
    List<String[]> edges = new ArrayList<>();
    // 5,000 nodes, 4,000 random edges (many components of all sizes), plus a few self-loops and repeated edges
    for (int i = 0; i < 4000; i++) {
      edges.add(new String[] {id(rnd.nextInt(5000)), id(rnd.nextInt(5000))});
    }
    edges.add(new String[] {id(17), id(18)});
    edges.add(new String[] {id(18), id(18)}); // a self-loop on a node that has another edge
    edges.add(new String[] {"z-loop", "z-loop"}); // a node whose only edge is to itself: no component
    edges.add(new String[] {edges.get(0)[1], edges.get(0)[0]});
    Map<String, String> expected = reference(edges);
    long components = expected.values().stream().distinct().count();
    assertEquals(true, components > 100 && components < expected.size() / 2, "a graph with many components of several sizes: " + components);
    assertEquals(null, expected.get("z-loop"));
    assertEquals("", diff(expected, spark(edges, 1)));
    assertEquals("", diff(expected, spark(edges, 5)));
    // contracted 97 edges at a time (the first step's memory bound): the same components
    assertEquals("", diff(expected, spark(edges, 2, 97)));
  }
}
