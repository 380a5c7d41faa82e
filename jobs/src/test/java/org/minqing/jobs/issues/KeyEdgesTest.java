package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.minqing.jobs.SparkTestBase;

/** The issue graph's key edges: chained crowded keys, and an incremental night's subset of a full night's edges. */
public class KeyEdgesTest extends SparkTestBase {
  static final BlockClusterer.Params BP = new BlockClusterer.Params(0.72, 0.25, 0.85, 1.5, 3);
  static final String[] WORDS = {"电梯", "故障", "维修", "房产证", "办理", "物业", "噪音", "停水"};
  static final String[] ESTATES = {"泰岸花园", "江湾小区", "香都小区"};

  /** 150 complaints (ids c000..c149) with VEC's columns; every one holds the crowded key 电梯+故障, a third each an estate's key. */
  static Dataset<Row> vec() {
    Random rnd = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      List<String> t = new ArrayList<>(List.of("电梯", "故障"));
      t.add(WORDS[2 + rnd.nextInt(WORDS.length - 2)]);
      Double[] w = {0.7, 0.5 + rnd.nextDouble() * 0.2, 0.4};
      String estate = ESTATES[i % 3];
      List<String> cand = new ArrayList<>(List.of("电梯+故障", estate + "|电梯"));
      if (i % 10 == 0) {
        cand.add("单词" + (i / 30)); // a rare single word held by 1-2 complaints
      }
      String[] fine = rnd.nextInt(4) == 0 ? new String[0] : new String[] {estate};
      rows.add(RowFactory.create(String.format("c%03d", i), t.toArray(new String[0]), w, t.toArray(new String[0]), w, fine, new String[0], new String[0],
          new String[0], new Double[0], (long) rnd.nextInt(1 << 20), cand.toArray(new String[0]), new String[0]));
    }
    return spark().createDataFrame(rows, IssuesJob.VEC);
  }

  static Set<String> pairs(Dataset<Row> edges) {
    Set<String> s = new TreeSet<>();
    for (Row r : edges.collectAsList()) {
      assertTrue(r.getString(0).compareTo(r.getString(1)) < 0, "a < b: " + r);
      s.add(r.getString(0) + "-" + r.getString(1) + "@" + Math.round(r.getDouble(2) * 1e6));
    }
    return s;
  }

  @Test
  void anIncrementalNightScoresExactlyTheFullNightsEdgesThatInvolveANewComplaint() {
    Dataset<Row> vec = vec();
    Set<String> full = new TreeSet<>();
    for (String e : pairs(IssuesJob.keyEdges(IssuesJob.keyed(vec), BP, 0.2, false))) {
      full.add(e);
    }
    // the chained key pairs each complaint with at most CHAIN later ones: 150 complaints, far fewer than all 11,175 pairs
    assertTrue(full.size() > 150 && full.size() < 150 * IssuesJob.CHAIN * 2 + 200, "full-night key edges: " + full.size());
    Set<String> freshIds = new TreeSet<>();
    for (int i = 3; i < 150; i += 11) {
      freshIds.add(String.format("c%03d", i));
    }
    Dataset<Row> fresh = vec.select("id").filter(col("id").isin(freshIds.toArray()));
    Set<String> incremental = new TreeSet<>();
    for (Row r : IncrementalIssues.freshKeyEdges(vec, fresh, BP, 0.2).dropDuplicates("a", "b").collectAsList()) {
      incremental.add(r.getString(0) + "-" + r.getString(1) + "@" + Math.round(r.getDouble(2) * 1e6));
    }
    Set<String> expected = new TreeSet<>();
    for (String e : full) {
      String[] ab = e.substring(0, e.indexOf('@')).split("-");
      if (freshIds.contains(ab[0]) || freshIds.contains(ab[1])) {
        expected.add(e);
      }
    }
    // a pair held under two keys appears once per key on the full night; compare distinct pairs
    assertEquals(new TreeSet<>(expected), incremental);
    assertTrue(incremental.size() > freshIds.size(), "new complaints have edges: " + incremental.size());
  }

  /** Components of a, b edges by a plain union-find: node → smallest node of its component. */
  static java.util.Map<String, String> components(List<Row> edges) {
    java.util.Map<String, String> parent = new java.util.TreeMap<>();
    java.util.function.UnaryOperator<String>[] find = new java.util.function.UnaryOperator[1];
    find[0] = x -> {
      String p = parent.getOrDefault(x, x);
      return p.equals(x) ? x : find[0].apply(p);
    };
    for (Row r : edges) {
      String x = find[0].apply(r.getString(0));
      String y = find[0].apply(r.getString(1));
      parent.putIfAbsent(x, x);
      parent.putIfAbsent(y, y);
      if (!x.equals(y)) {
        parent.put(x.compareTo(y) < 0 ? y : x, x.compareTo(y) < 0 ? x : y);
      }
    }
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (String k : new ArrayList<>(parent.keySet())) {
      out.put(k, find[0].apply(k));
    }
    return out;
  }

  @Test
  void aFullNightKeepsASpanningForestOfPlacedEdgesAndEveryOtherEdge() {
    Dataset<Row> keyed = IssuesJob.keyed(vec());
    List<Row> all = IssuesJob.keyEdges(keyed, BP, 0.2, false).dropDuplicates("a", "b").collectAsList();
    List<Row> forest = IssuesJob.keyEdges(keyed, BP, 0.2, true).dropDuplicates("a", "b").collectAsList();
    List<Row> placedAll = all.stream().filter(r -> r.getInt(3) == IssuesJob.PLACED).toList();
    List<Row> placedForest = forest.stream().filter(r -> r.getInt(3) == IssuesJob.PLACED).toList();
    // the same components (the issue graph's placed part uses nothing else of these edges) ...
    assertEquals(components(placedAll), components(placedForest));
    assertTrue(components(placedAll).values().stream().distinct().count() >= 3, "the three estates' complaints form components: " + components(placedAll));
    // ... from far fewer edges: at most (holders − 1) per key
    assertTrue(placedForest.size() * 3 < placedAll.size(), placedForest.size() + " forest edges against " + placedAll.size());
    // edges with a place-less end are all kept, with the same scores
    Set<String> otherAll = new TreeSet<>();
    Set<String> otherForest = new TreeSet<>();
    all.stream().filter(r -> r.getInt(3) != IssuesJob.PLACED).forEach(r -> otherAll.add(r.getString(0) + "-" + r.getString(1) + "@" + r.getDouble(2)));
    forest.stream().filter(r -> r.getInt(3) != IssuesJob.PLACED).forEach(r -> otherForest.add(r.getString(0) + "-" + r.getString(1) + "@" + r.getDouble(2)));
    assertTrue(!otherAll.isEmpty(), "the sample has place-less complaints");
    assertEquals(otherAll, otherForest);
  }
}
