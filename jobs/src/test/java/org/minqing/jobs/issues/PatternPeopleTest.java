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
import org.minqing.jobs.SparkTestBase;

/** A pattern is the same problem reported by several people at several places, not one person's messages about many places. */
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
    for (Row r : IssuesJob.reportedByMany(clusterPattern, assign, docs).collectAsList()) {
      kept.put(r.getString(0), r.getString(1));
    }
    assertEquals(new TreeMap<>(java.util.Map.of("c1", "P1", "c2", "P1", "c3", "P1")), kept, "P1 (two people) stays, P2 (one person) goes");
  }
}
