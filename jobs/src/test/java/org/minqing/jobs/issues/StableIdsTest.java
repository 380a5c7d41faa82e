package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.minqing.jobs.SparkTestBase;

/** Stable ids: an incremental night's shortcut gives what the full matching gives on the same clusters. */
public class StableIdsTest extends SparkTestBase {
  static final StructType NOW = new StructType().add("id", DataTypes.StringType, false).add("key", DataTypes.StringType, false);
  static final StructType BEFORE = new StructType().add("id", DataTypes.StringType, false).add("old", DataTypes.StringType, false);

  static TreeSet<String> rows(StableIds.Matched m) {
    TreeSet<String> s = new TreeSet<>();
    for (Row r : m.ids().collectAsList()) {
      s.add(r.getString(0) + ">" + r.getString(1) + (r.getBoolean(2) ? " minted" : "") + " merged=" + r.get(3) + " split=" + r.get(4));
    }
    return s;
  }

  @Test
  void carryingTheIdsOfAnIncrementalNightEqualsMatchingThem() {
    // last night: issues Ia (c1..c3), Ib (c4, c5), Ic (c6, c7: its members left the window)
    List<Row> before = List.of(RowFactory.create("c1", "Ia"), RowFactory.create("c2", "Ia"), RowFactory.create("c3", "Ia"),
        RowFactory.create("c4", "Ib"), RowFactory.create("c5", "Ib"));
    // tonight: Ia gained c8, Ib is as it was, a new cluster (c9, c10, and c11 unassigned last night) is keyed by its smallest id
    List<Row> now = new ArrayList<>(List.of(RowFactory.create("c1", "Ia"), RowFactory.create("c2", "Ia"), RowFactory.create("c3", "Ia"), RowFactory.create("c8", "Ia"),
        RowFactory.create("c4", "Ib"), RowFactory.create("c5", "Ib"),
        RowFactory.create("c10", "c10"), RowFactory.create("c11", "c10"), RowFactory.create("c9", "c10")));
    Dataset<Row> n = spark().createDataFrame(now, NOW);
    Dataset<Row> b = spark().createDataFrame(before, BEFORE);
    StableIds.Matched matched = StableIds.match(n, b, "I", "2026-11-02", false);
    StableIds.Matched carried = StableIds.match(n, b, "I", "2026-11-02", true);
    assertEquals(rows(matched), rows(carried));
    assertEquals(2, carried.kept());
    assertEquals(1, carried.minted());
    assertEquals(0, carried.merges() + carried.splits());
    assertEquals(IssuesJob.hashId("I", "c10"), carried.ids().filter("key = 'c10'").first().getString(1));
  }
}
