package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.minqing.jobs.SparkTestBase;

/**
 * A component too big for one block is split by main place, then by place and strongest word; the
 * clusters of one estate split that way must come together again — across the whole component
 * when it is small enough for one task, per main place when it is not.
 */
public class MergeAcrossBlocksTest extends SparkTestBase {
  static final BlockClusterer.Params BP = new BlockClusterer.Params(0.72, 0.25, 0.85, 1.5, 3);
  static final StructType ITEMS = new StructType().add("id", DataTypes.StringType, false)
      .add("t", DataTypes.createArrayType(DataTypes.StringType, false), false).add("w", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("fine", DataTypes.createArrayType(DataTypes.StringType, false), false).add("tfine", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("simhash", DataTypes.LongType, false);

  static Row item(String id, String word, String... places) {
    // terms in ascending order, as Vectorize writes them
    boolean first = word.compareTo("办理") < 0;
    return RowFactory.create(id, first ? new String[] {word, "办理"} : new String[] {"办理", word}, first ? new Double[] {0.8, 0.6} : new Double[] {0.6, 0.8}, places,
        new String[] {places[0]}, (long) id.hashCode() * 0x9E3779B97F4A7C15L);
  }

  /**
   * 泰岸花园: five deed complaints whose strongest word is 房产证 and five whose is 不动产 (36% alike,
   * so one issue once they meet); one that names 泰岸花园 and 香都小区 links four deed complaints of
   * 香都小区 into the same component: 15 complaints, blocks of at most 6.
   */
  static Map<String, String> clusters(int mergeLimit) {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      rows.add(item("a" + i, "房产证", "泰岸花园"));
      rows.add(item("b" + i, "不动产", "泰岸花园"));
    }
    rows.add(item("ab", "房产证", "泰岸花园", "香都小区"));
    for (int i = 1; i <= 4; i++) {
      rows.add(item("c" + i, "房产证", "香都小区"));
    }
    Map<String, String> out = clusterAll(rows, mergeLimit);
    assertEquals(15, out.size());
    return out;
  }

  @Test
  void anEstatesClustersSplitByWordMergeAcrossTheComponentOrPerPlace() {
    // small enough for one task: merged across all blocks of the component
    Map<String, String> whole = clusters(100);
    assertEquals(whole.get("a1"), whole.get("b1"));
    assertEquals(whole.get("a1"), whole.get("b5"));
    assertNotEquals(whole.get("a1"), whole.get("c1"), "the other estate stays apart");
    // above the limit (15 > 12) but each place within it (泰岸花园: 11): merged per main place, the same result
    assertEquals(whole, clusters(12));
    // without any merge (every place above the limit) the estate stays in two issues: the step matters
    Map<String, String> none = clusters(5);
    assertNotEquals(none.get("a1"), none.get("b1"));
    assertEquals(none.get("b1"), none.get("b5"));
  }

  /**
   * The place-less groups that join a placed cluster by a shared name (BlockClusterer#joinNamedToPlaced)
   * over Spark: the same clusters as in one block, and the same without any name when the step is off.
   */
  @Test
  void aPlacelessGroupJoinsThePlacedClusterItsNameGathersAsInOneBlock() {
    List<BlockClusterer.Item> items = BlockClustererTest.platform();
    StructType withAnchors = ITEMS.add("anchors", DataTypes.createArrayType(DataTypes.StringType, false), false);
    List<Row> rows = new ArrayList<>();
    for (BlockClusterer.Item it : items) {
      Double[] w = new Double[it.vector().weights().length];
      for (int i = 0; i < w.length; i++) {
        w[i] = (double) it.vector().weights()[i];
      }
      rows.add(RowFactory.create(it.id(), it.vector().terms(), w, it.places().toArray(new String[0]), it.subjectPlaces().toArray(new String[0]), it.simhash(),
          it.anchors().toArray(new String[0])));
    }
    Dataset<Row> ds = spark().createDataFrame(rows, withAnchors);
    Dataset<Row> pairs = ds.select(col("id").as("a")).crossJoin(ds.select(col("id").as("b"))).filter(col("a").lt(col("b")));
    Dataset<Row> edges = IssuesJob.scoreEdges(ds, pairs, BP).filter(col("d").leq(0.8).and(col("kind").notEqual(IssuesJob.CONFLICT)));
    Map<String, String> spark = new TreeMap<>();
    for (Row r : IssuesJob.clusterIssues(spark(), ds, edges, BP, 0.2, 6, new int[1], 100).collectAsList()) {
      spark.put(r.getString(0), r.getString(1));
    }
    Map<String, String> block = new TreeMap<>(BlockClustererTest.clusterOf(new BlockClusterer(BP).cluster(items)));
    assertEquals(block, spark);
    assertEquals("a1", spark.get("p"), "one issue of the platform: " + spark);
    // without the anchors (no names), the placed cluster and the place-less group stay two issues
    Map<String, String> none = new TreeMap<>();
    for (Row r : IssuesJob.clusterIssues(spark(), ds.drop("anchors"), edges, BP, 0.2, 6, new int[1], 100).collectAsList()) {
      none.put(r.getString(0), r.getString(1));
    }
    assertNotEquals(none.get("p"), none.get("a1"), none.toString());
    assertEquals("p", none.get("u1"), none.toString());
  }

  /** All pairs scored, edges ≤ 0.8 kept, then the issue clustering with blocks of at most 6: id → label. */
  static Map<String, String> clusterAll(List<Row> rows, int mergeLimit) {
    Dataset<Row> items = spark().createDataFrame(rows, ITEMS);
    Dataset<Row> pairs = items.select(col("id").as("a")).crossJoin(items.select(col("id").as("b"))).filter(col("a").lt(col("b")));
    Dataset<Row> edges = IssuesJob.scoreEdges(items, pairs, BP).filter(col("d").leq(0.8).and(col("kind").notEqual(IssuesJob.CONFLICT)));
    Map<String, String> out = new TreeMap<>();
    for (Row r : IssuesJob.clusterIssues(spark(), items, edges, BP, 0.2, 6, new int[1], mergeLimit).collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  static Row vec(String id, String[] terms, Double[] weights, String... places) {
    return RowFactory.create(id, terms, weights, places, new String[] {places[0]}, (long) id.hashCode() * 0x9E3779B97F4A7C15L);
  }

  /**
   * 老地方烧烤's fumes told by the restaurant (its complaints also name 桂花路) and by the road alone:
   * above the merge limit clusters are merged per main place, so the two pieces never meet there;
   * linking across places joins them. The paving of 桂花路 stays another issue.
   */
  static Map<String, String> restaurant(int mergeLimit) {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      rows.add(vec("a" + i, new String[] {"油烟", i % 2 == 0 ? "烧烤" : "排放"}, new Double[] {0.8, 0.6}, "老地方烧烤", "桂花路"));
      rows.add(vec("b" + i, new String[] {"油烟", i % 2 == 0 ? "排放" : "烧烤"}, new Double[] {0.8, 0.6}, "桂花路"));
    }
    for (int i = 1; i <= 4; i++) {
      rows.add(vec("c" + i, new String[] {"硬化", "路面"}, new Double[] {0.8, 0.6}, "桂花路"));
    }
    Map<String, String> out = clusterAll(rows, mergeLimit);
    assertEquals(16, out.size());
    return out;
  }

  @Test
  void oneProblemToldByTheRestaurantAndByItsRoadIsLinkedAcrossPlaces() {
    Map<String, String> perPlace = restaurant(10); // the 12 fume complaints are above the limit of 10: merged per main place, then linked
    assertEquals(perPlace.get("a1"), perPlace.get("b1"), perPlace.toString());
    assertEquals(perPlace.get("a1"), perPlace.get("b6"));
    assertNotEquals(perPlace.get("a1"), perPlace.get("c1"), "the paving of 桂花路 is another problem");
    assertEquals(restaurant(100), perPlace, "the same as merging the whole component in one task");
  }
}
