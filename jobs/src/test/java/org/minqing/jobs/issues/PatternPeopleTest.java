package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.minqing.datasets.schema.Tables.Tokens;
import org.minqing.jobs.SparkTestBase;

/**
 * A pattern is the same problem reported by several people at several places, not one person's
 * messages about many places, and its places are those the issues table shows.
 */
public class PatternPeopleTest extends SparkTestBase {
  static Dataset<Row> frame(StructType schema, Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(RowFactory.create(r));
    }
    return spark().createDataFrame(out, schema);
  }

  @Test
  void aPatternNeedsTwoPeople() {
    StructType two = new StructType().add("cluster", DataTypes.StringType, false).add("pkey", DataTypes.StringType, false);
    // P1: three estates' deed clusters, three residents; P2: one user's suggestions about three places
    Dataset<Row> clusterPattern = frame(two, new Object[] {"c1", "P1"}, new Object[] {"c2", "P1"}, new Object[] {"c3", "P1"},
        new Object[] {"s1", "P2"}, new Object[] {"s2", "P2"}, new Object[] {"s3", "P2"});
    Dataset<Row> assign = frame(new StructType().add("id", DataTypes.StringType, false).add("cluster", DataTypes.StringType, false),
        new Object[] {"a", "c1"}, new Object[] {"b", "c2"}, new Object[] {"c", "c3"}, new Object[] {"x", "s1"}, new Object[] {"y", "s2"}, new Object[] {"z", "s3"},
        new Object[] {"lone", "l1"});
    Dataset<Row> docs = frame(new StructType().add("id", DataTypes.StringType, false).add("person", DataTypes.StringType, false),
        new Object[] {"a", "u1"}, new Object[] {"b", "u2"}, new Object[] {"c", "u2"}, new Object[] {"x", "u9"}, new Object[] {"y", "u9"}, new Object[] {"z", "u9"},
        new Object[] {"lone", "u3"});
    TreeMap<String, String> kept = new TreeMap<>();
    for (Row r : IssuesJob.reportedByMany(clusterPattern, assign, docs, IssuesJob.Params.defaults().minPatternPeople()).collectAsList()) {
      kept.put(r.getString(0), r.getString(1));
    }
    assertEquals(new TreeMap<>(java.util.Map.of("c1", "P1", "c2", "P1", "c3", "P1")), kept, "P1 (two people) stays, P2 (one person) goes");
    // issues.min_pattern_people: 1 keeps one person's pattern, 3 drops P1 as well
    assertEquals(6, IssuesJob.reportedByMany(clusterPattern, assign, docs, 1).count(), "with 1, both stay");
    assertEquals(0, IssuesJob.reportedByMany(clusterPattern, assign, docs, 3).count(), "with 3, P1 (two people) goes too");
  }

  @Test
  void noOnePersonSendsMostOfAPattern() {
    StructType two = new StructType().add("cluster", DataTypes.StringType, false).add("pkey", DataTypes.StringType, false);
    // P3: one user's suggestions about three places (five messages) and one other person's message;
    // P4: three people, one of them sending two of the four complaints (half: stays; up to two thirds may)
    Dataset<Row> clusterPattern = frame(two, new Object[] {"s1", "P3"}, new Object[] {"s2", "P3"}, new Object[] {"s3", "P3"},
        new Object[] {"t1", "P4"}, new Object[] {"t2", "P4"}, new Object[] {"t3", "P4"});
    Dataset<Row> assign = frame(new StructType().add("id", DataTypes.StringType, false).add("cluster", DataTypes.StringType, false),
        new Object[] {"x1", "s1"}, new Object[] {"x2", "s1"}, new Object[] {"x3", "s2"}, new Object[] {"x4", "s2"}, new Object[] {"x5", "s3"}, new Object[] {"o", "s3"},
        new Object[] {"a", "t1"}, new Object[] {"a2", "t1"}, new Object[] {"b", "t2"}, new Object[] {"c", "t3"});
    Dataset<Row> docs = frame(new StructType().add("id", DataTypes.StringType, false).add("person", DataTypes.StringType, false),
        new Object[] {"x1", "u9"}, new Object[] {"x2", "u9"}, new Object[] {"x3", "u9"}, new Object[] {"x4", "u9"}, new Object[] {"x5", "u9"}, new Object[] {"o", "u1"},
        new Object[] {"a", "u2"}, new Object[] {"a2", "u2"}, new Object[] {"b", "u3"}, new Object[] {"c", "u4"});
    TreeMap<String, String> kept = new TreeMap<>();
    for (Row r : IssuesJob.reportedByMany(clusterPattern, assign, docs, 2).collectAsList()) {
      kept.put(r.getString(0), r.getString(1));
    }
    assertEquals(new TreeMap<>(java.util.Map.of("t1", "P4", "t2", "P4", "t3", "P4")), kept, "P3 (one person sends 5 of 6) goes, P4 (2 of 4) stays");
    assertEquals(6, IssuesJob.reportedByMany(clusterPattern, assign, docs, 1).count(), "issues.min_pattern_people 1: nobody's share is checked");
  }

  @Test
  void aPatternsPlacesAreThePlacesItsIssuesShow() {
    StructType two = new StructType().add("cluster", DataTypes.StringType, false).add("pkey", DataTypes.StringType, false);
    // P1: three estates named in titles or found by the nlp stage; P2: two estates, and a third
    // cluster whose one complaint names a place only in its body (州局集团, cut from 广州局集团),
    // which the issues table does not show
    Dataset<Row> clusterPattern = frame(two, new Object[] {"c1", "P1"}, new Object[] {"c2", "P1"}, new Object[] {"c3", "P1"},
        new Object[] {"d1", "P2"}, new Object[] {"d2", "P2"}, new Object[] {"d3", "P2"});
    Dataset<Row> assign = frame(new StructType().add("id", DataTypes.StringType, false).add("cluster", DataTypes.StringType, false),
        new Object[] {"a", "c1"}, new Object[] {"a2", "c1"}, new Object[] {"b", "c2"}, new Object[] {"c", "c3"},
        new Object[] {"x", "d1"}, new Object[] {"y", "d2"}, new Object[] {"z", "d3"});
    var strings = DataTypes.createArrayType(DataTypes.StringType, false);
    Dataset<Row> docs = frame(new StructType().add("id", DataTypes.StringType, false).add(Tokens.PLACES, strings, false),
        new Object[] {"a", new String[] {"A市", "锦苑小区"}}, new Object[] {"a2", new String[] {"锦苑小区"}}, new Object[] {"b", new String[] {"香城名城"}},
        new Object[] {"c", new String[] {}}, new Object[] {"x", new String[] {"伊景园滨河苑"}}, new Object[] {"y", new String[] {"富基世纪公园"}},
        new Object[] {"z", new String[] {"A市", "广州"}});
    Dataset<Row> vec = frame(new StructType().add("id", DataTypes.StringType, false).add("tnames", strings, false),
        new Object[] {"a", new String[] {}}, new Object[] {"a2", new String[] {}}, new Object[] {"b", new String[] {}}, new Object[] {"c", new String[] {"泰山新村"}},
        new Object[] {"x", new String[] {"伊景园滨河苑"}}, new Object[] {"y", new String[] {}}, new Object[] {"z", new String[] {}});
    TreeMap<String, String> kept = new TreeMap<>();
    for (Row r : IssuesJob.placedAsShown(clusterPattern, assign, docs, vec, IssuesJob.shownAs(docs, vec), 3).collectAsList()) {
      kept.put(r.getString(0), r.getString(1));
    }
    assertEquals(new TreeMap<>(java.util.Map.of("c1", "P1", "c2", "P1", "c3", "P1")), kept, "P1 (three places shown) stays, P2 (two places shown) goes");
  }

  @Test
  void aNameCutAtTheWrongCharacterIsShownAsTheNameOthersWrite() {
    var strings = DataTypes.createArrayType(DataTypes.StringType, false);
    List<Object[]> d = new ArrayList<>();
    List<Object[]> v = new ArrayList<>();
    int i = 0;
    // 小塘路 in four complaints, 塘小塘路 (泉塘小塘路 cut one character late) in one, 接小塘路 in one more:
    // the ending is named alone four times, twice the two longer names together
    for (String[] places : new String[][] {{"小塘路"}, {"小塘路"}, {"小塘路", "A市"}, {"小塘路"}, {"塘小塘路"}, {"接小塘路"},
        // 城市广场 alone three times, but 方略城市广场 twice: a name of its own, not a cut
        {"城市广场"}, {"城市广场"}, {"城市广场"}, {"方略城市广场"}, {"方略城市广场"},
        // 园小区 is an ending, not a name: 德润园小区 stays
        {"园小区"}, {"园小区"}, {"园小区"}, {"园小区"}, {"德润园小区"}}) {
      d.add(new Object[] {"k" + i, places});
      v.add(new Object[] {"k" + i, new String[] {}});
      i++;
    }
    Dataset<Row> docs = spark().createDataFrame(d.stream().map(RowFactory::create).toList(),
        new StructType().add("id", DataTypes.StringType, false).add(Tokens.PLACES, strings, false));
    Dataset<Row> vec = spark().createDataFrame(v.stream().map(RowFactory::create).toList(),
        new StructType().add("id", DataTypes.StringType, false).add("tnames", strings, false));
    TreeMap<String, String> shown = new TreeMap<>();
    for (Row r : IssuesJob.shownAs(docs, vec).collectAsList()) {
      shown.put(r.getString(0), r.getString(1));
    }
    assertEquals(new TreeMap<>(java.util.Map.of("塘小塘路", "小塘路", "接小塘路", "小塘路")), shown);
    // and an issue of those complaints shows 小塘路 once, with all five
    Dataset<Row> members = spark().createDataFrame(List.of(RowFactory.create("k0", "I"), RowFactory.create("k4", "I"), RowFactory.create("k5", "I")),
        new StructType().add("id", DataTypes.StringType, false).add("issue_id", DataTypes.StringType, false));
    List<Row> places = IssuesJob.namedPlaces(members, "issue_id", docs, vec, IssuesJob.shownAs(docs, vec)).collectAsList();
    assertEquals(1, places.size(), places.toString());
    assertEquals("小塘路", places.get(0).getAs("place"));
    assertEquals(3L, (long) places.get(0).getAs("n"));
  }
}
