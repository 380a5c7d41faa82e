package org.minqing.jobs.classify;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.Classified;
import org.minqing.datasets.schema.Tables.Complaints;
import org.minqing.datasets.schema.Tables.Tokens;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.lake.LakeWriter;
import org.minqing.jobs.spark.SparkSchemas;
import scala.reflect.ClassTag$;

/**
 * The {@code classify} stage: {@code complaints} + {@code tokens} partitions → {@code classified}
 * partitions. The model and the routing rules are broadcast once; each task scores its complaints
 * with a dot product per category (the words come from {@code tokens}, so nothing is segmented
 * twice). A partition is recomputed when its complaints changed this run, and every partition is
 * recomputed when the model version differs from the one that classified it.
 */
public final class ClassifyJob {
  private ClassifyJob() {}

  public record Result(long complaints, long needsReview, long routed, double seconds, List<String> partitions, boolean reclassifiedAll) {}

  /** The partitions to classify: those touched this run, or all when the model or the routing rules ({@link #routingChanged}) changed. */
  public static Set<String> partitionsToClassify(SparkSession spark, Lake lake, String modelVersion, String routingFingerprint, Collection<String> touched) {
    if (!lake.hasTable(Tables.COMPLAINTS.name())) {
      return Set.of();
    }
    boolean modelChanged = true;
    if (lake.hasTable(Tables.CLASSIFIED.name())) {
      List<Row> versions = spark.read().schema(SparkSchemas.of(Tables.CLASSIFIED)).parquet(lake.table(Tables.CLASSIFIED.name()).toString())
          .select(Classified.MODEL_VERSION).distinct().limit(2).collectAsList();
      modelChanged = versions.size() != 1 || !modelVersion.equals(versions.get(0).getString(0));
    }
    Set<String> out = new TreeSet<>(touched);
    if (modelChanged || routingChanged(lake, routingFingerprint)) {
      for (Row r : spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString())
          .select(Complaints.DT).distinct().collectAsList()) {
        out.add(r.getString(0));
      }
    }
    return out;
  }

  /**
   * Whether the routing rules differ from those every complaint of the lake was last routed by
   * ({@link #recordRouting}): an analyst who edits the rules file sees its effect on all complaints
   * the next night, not only on the new ones. A lake without the record (made before it existed)
   * keeps its routing until the model or the rules change.
   */
  public static boolean routingChanged(Lake lake, String fingerprint) {
    com.fasterxml.jackson.databind.JsonNode s = lake.readState("classify", "routing");
    return s != null && !s.path("fingerprint").asText().equals(fingerprint);
  }

  /** Records that every complaint of the lake is now routed by {@code routing}. */
  public static void recordRouting(Lake lake, Routing routing) {
    com.fasterxml.jackson.databind.node.ObjectNode n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    n.put("fingerprint", routing.fingerprint()).put("rules", routing.origin());
    lake.writeState("classify", "routing", n);
  }

  public static Result run(SparkSession spark, Lake lake, String runId, ClassifierModel model, Routing routing, double reviewBelow, ZoneId zone,
      Collection<String> dts, boolean all) {
    long t0 = System.nanoTime();
    spark.sparkContext().setJobGroup("classify", "minqing classify " + runId, false);
    if (dts.isEmpty()) {
      return new Result(0, 0, 0, 0, List.of(), all);
    }
    Dataset<Row> complaints = spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString())
        .filter(col(Complaints.DT).isin(dts.toArray()))
        .select(Complaints.COMPLAINT_ID, Complaints.TITLE, Complaints.TEXT, Complaints.DISTRICT, Complaints.TOWNSHIP, Complaints.COMMUNITY,
            Complaints.ESTATE, Complaints.RECEIVED_AT, Complaints.CATEGORY_GIVEN, Complaints.DT);
    Dataset<Row> tokens = spark.read().schema(SparkSchemas.of(Tables.TOKENS)).parquet(lake.table(Tables.TOKENS.name()).toString())
        .filter(col(Tokens.DT).isin(dts.toArray()))
        .select(col(Tokens.COMPLAINT_ID).as("t_id"), col(Tokens.WORDS), col(Tokens.PLACES));
    Dataset<Row> joined = complaints.join(tokens, complaints.col(Complaints.COMPLAINT_ID).equalTo(tokens.col("t_id")), "left")
        .select(Complaints.COMPLAINT_ID, Complaints.TITLE, Complaints.TEXT, Complaints.DISTRICT, Complaints.TOWNSHIP, Complaints.COMMUNITY,
            Complaints.ESTATE, Complaints.RECEIVED_AT, Complaints.CATEGORY_GIVEN, Complaints.DT, Tokens.WORDS, Tokens.PLACES);
    Broadcast<ClassifierModel> bm = spark.sparkContext().broadcast(model, ClassTag$.MODULE$.apply(ClassifierModel.class));
    Broadcast<Routing> br = spark.sparkContext().broadcast(routing, ClassTag$.MODULE$.apply(Routing.class));
    StructType out = SparkSchemas.of(Tables.CLASSIFIED);
    Dataset<Row> classified = joined.mapPartitions(new Score(bm, br, reviewBelow, zone.getId(), runId), Encoders.row(out)).cache();
    List<Row> counts = classified.groupBy().agg(
        org.apache.spark.sql.functions.count("*"),
        org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col(Classified.NEEDS_REVIEW), 1).otherwise(0)),
        org.apache.spark.sql.functions.count(col(Classified.DEPARTMENT))).collectAsList();
    long n = counts.get(0).getLong(0);
    long review = counts.get(0).isNullAt(1) ? 0 : counts.get(0).getLong(1);
    long routed = counts.get(0).getLong(2);
    List<String> written = LakeWriter.replacePartitions(spark, lake, runId, Tables.CLASSIFIED, classified, dts, Classified.COMPLAINT_ID);
    classified.unpersist();
    bm.destroy();
    br.destroy();
    return new Result(n, review, routed, (System.nanoTime() - t0) / 1e9, written, all);
  }

  /** Scores complaints: (id, title, text, district, township, community, estate, received_at, category_given, dt, words, places). */
  static final class Score implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ClassifierModel> model;
    private final Broadcast<Routing> routing;
    private final double reviewBelow;
    private final String zone;
    private final String runId;

    Score(Broadcast<ClassifierModel> model, Broadcast<Routing> routing, double reviewBelow, String zone, String runId) {
      this.model = model;
      this.routing = routing;
      this.reviewBelow = reviewBelow;
      this.zone = zone;
      this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      ClassifierModel m = model.value();
      Routing rt = routing.value();
      ZoneId z = ZoneId.of(zone);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public Row next() {
          Row r = in.next();
          String title = r.getString(1);
          String text = r.getString(2);
          List<String> words = r.isNullAt(10) ? null : r.getList(10);
          ClassifierModel.Prediction p = m.predict(title, text, words);
          List<String> places = new ArrayList<>();
          for (int i : new int[] {3, 4, 5, 6}) {
            if (!r.isNullAt(i)) {
              places.add(r.getString(i));
            }
          }
          if (!r.isNullAt(11)) {
            places.addAll(r.getList(11));
          }
          int hour = -1;
          if (!r.isNullAt(7)) {
            Object t = r.get(7);
            Instant at = t instanceof java.sql.Timestamp ts ? ts.toInstant() : (Instant) t;
            hour = at.atZone(z).getHour();
          }
          Routing.Decision d = rt.route(new Routing.Complaint(p.top(), title, text, r.getString(3), r.getString(4), places, hour));
          return RowFactory.create(r.getString(0), p.top(), round(p.confidence()), p.categories()[1], round(p.probabilities()[1]),
              p.confidence() < reviewBelow, r.getString(8), d.department(), d.rule(), m.version(), runId, r.getString(9));
        }
      };
    }

    static double round(double x) {
      return Math.round(x * 10000) / 10000.0;
    }
  }
}
