package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.spark.Plans;

/**
 * The issues stage on an ordinary night: last night's clusters stay as they are and only the new
 * complaints are placed, so the cost follows the day's complaints, not the window's (docs/issues.md,
 * "Incremental nights").
 *
 * <ol>
 *   <li><b>Candidates of the new.</b> Only pairs with a new complaint: the keys the new complaints
 *       hold (a crowded composite key pairs each with its {@link IssuesJob#CHAIN} neighbours on
 *       each side in id order, as on a full night) and their SimHash bands; scored and kept as on a
 *       full night (place conflicts dropped).
 *   <li><b>Joining an issue.</b> A new complaint with edges into last night's issues is scored
 *       against each of them (average similarity to all members: average linkage to a singleton)
 *       and joins the best within the cut; a complaint that names no place needs a clear lead
 *       ({@link BlockClusterer#ATTACH_MARGIN}), as on a full night.
 *   <li><b>New issues.</b> The rest, with last night's unassigned complaints they have edges to, are
 *       clustered in blocks exactly as on a full night: yesterday's lone complaint and today's
 *       second one become an issue.
 *   <li><b>Patterns.</b> Issues keep their pattern; a new issue whose place-masked centroid is on
 *       average within {@code pattern_cut} of a pattern's issues joins the closest pattern (a new
 *       estate with the same 房产证 problem). New patterns form on full nights.
 * </ol>
 *
 * Only groups that gained or lost members are described again; the others keep last night's
 * similarity, size, distinct texts and medoid. A full night re-clusters everything: every
 * {@code issues.full_every_days}, when the settings changed, when there is no usable base, and when
 * more than {@code issues.incremental_max_share} of the window is new.
 */
final class IncrementalIssues {
  private IncrementalIssues() {}

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IncrementalIssues.class);

  /** Logs how far the incremental night has come (seconds since the stage began). */
  private static void step(long t0, String what) {
    LOG.info("issues (incremental): {} at {} s", what, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }

  /** The assignment of every complaint of the window (IssuesJob.ASSIGN), cluster → pattern key, and counts. */
  record Output(Dataset<Row> assign, Dataset<Row> clusterPattern, long clusters, long attached, long newGroups, long patternJoins) {}

  /**
   * @param vec the window's vectors (IssuesJob.VEC)
   * @param prev last night's members still in the window: (id, old_issue, old_pattern, old_sim)
   * @param prevIssues last night's issues: (issue_id, complaints, distinct_texts, representative_id)
   * @param fresh ids of the window's complaints last night did not have
   */
  static Output assign(SparkSession spark, Dataset<Row> vec, Dataset<Row> prev, Dataset<Row> prevIssues, Dataset<Row> fresh, IssuesJob.Params p, long maxDf, long t0) {
    BlockClusterer.Params bp = new BlockClusterer.Params(p.issueCut(), p.placeConflictFactor(), p.placeUnknownFactor(), p.placeMatchFactor(), p.dupBits());
    Dataset<Row> items = vec.select(col("id"), col("mt").as("t"), col("mw").as("w"), col("fine"), col("tfine"), col("simhash"), col("anchors"));
    // last night's label of every old complaint: its issue, or itself when it had none
    Dataset<Row> old = prev.select(col("id"), coalesce(col("old_issue"), col("id")).as("label"), col("old_issue").isNotNull().as("in_issue"), col("old_pattern"), col("old_sim"))
        .transform(Plans::cut);

    // 1. candidate pairs with a new complaint, scored
    Dataset<Row> edges = freshEdges(vec, items, fresh, bp, p.edgeMin(), maxDf, p.dupBits()).select("a", "b").transform(Plans::cut);
    step(t0, "edges of the new complaints");

    // 2. new complaints joining last night's issues
    Dataset<Row> directed = edges.select(col("a").as("u"), col("b").as("k")).union(edges.select(col("b").as("u"), col("a").as("k")))
        .join(broadcast(fresh.withColumnRenamed("id", "u")), "u");
    Dataset<Row> touch = directed.join(old.filter(col("in_issue")).select(col("id").as("k"), col("label")), "k").select("u", "label").distinct();
    Dataset<Row> roles = old.filter(col("in_issue")).join(touch.select("label").distinct(), "label").join(items, "id")
        .select(col("label"), lit(true).as("member"), col("id"), col("t"), col("w"), col("fine"), col("tfine"), col("simhash"))
        .unionByName(touch.join(items.withColumnRenamed("id", "u"), "u")
            .select(col("label"), lit(false).as("member"), col("u").as("id"), col("t"), col("w"), col("fine"), col("tfine"), col("simhash")));
    Dataset<Row> scores = spark.createDataFrame(roles.javaRDD(), IssuesJob.ROLE)
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(IssuesJob.attachScores(bp), Encoders.row(IssuesJob.SCORE))
        .join(items.select(col("id").as("u"), expr("size(fine) > 0").as("placed")), "u");
    Dataset<Row> attached = scores.groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("u")), Encoders.STRING())
        .flatMapGroups(IssuesJob.attachDecision(bp), Encoders.row(IssuesJob.LABEL))
        .transform(Plans::cut);
    step(t0, "new complaints attached");

    // 3. the rest, with the unassigned complaints they touch, clustered as on a full night
    Dataset<Row> rest = fresh.join(attached.select("id"), "id", "left_anti");
    Dataset<Row> nodes = rest.unionByName(old.filter(not(col("in_issue"))).select("id")).transform(Plans::cut);
    Dataset<Row> restEdges = edges.join(nodes.withColumnRenamed("id", "a"), "a").join(nodes.withColumnRenamed("id", "b"), "b").select("a", "b");
    Dataset<Row> comp = ConnectedComponents.of(spark, restEdges);
    Dataset<Row> regrouped = comp.join(items, "id").groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("comp")), Encoders.STRING())
        .flatMapGroups(IssuesJob.groupBlock(bp, p.maxBlock()), Encoders.row(IssuesJob.LABEL))
        .transform(Plans::cut);
    Dataset<Row> isolated = rest.join(regrouped.select("id"), "id", "left_anti").select(col("id"), col("id").as("label"));
    Dataset<Row> labels = old.select("id", "label").join(regrouped.select("id"), "id", "left_anti")
        .unionByName(attached).unionByName(regrouped).unionByName(isolated)
        .transform(Plans::cut);
    step(t0, "the rest grouped");

    // groups that changed: new members, regrouped, or members gone from the window
    Dataset<Row> shrunk = old.filter(col("in_issue")).groupBy("label").agg(count(lit(1)).as("now"))
        .join(prevIssues.select(col("issue_id").as("label"), col("complaints")), "label").filter(col("now").notEqual(col("complaints"))).select("label");
    Dataset<Row> touched = attached.select("label").unionByName(regrouped.select("label")).unionByName(isolated.select("label")).unionByName(shrunk).distinct()
        .transform(Plans::cut);
    Dataset<Row> described = labels.join(touched, "label").join(items, "id")
        .groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("label")), Encoders.STRING())
        .flatMapGroups(describeAs(bp), Encoders.row(IssuesJob.ASSIGN));
    Dataset<Row> kept = labels.join(touched, "label", "left_anti").join(old.select("id", "in_issue", "old_sim"), "id")
        .join(prevIssues.select(col("issue_id").as("label"), col("complaints"), col("distinct_texts"), col("representative_id")), "label", "left")
        .select(col("id"), col("label").as("cluster"),
            when(col("in_issue"), coalesce(col("old_sim"), lit(1.0))).otherwise(lit(1.0)).as("similarity"),
            when(col("in_issue"), col("complaints").cast("int")).otherwise(lit(1)).as("size"),
            when(col("in_issue"), col("distinct_texts")).otherwise(lit(1)).as("distinct"),
            when(col("in_issue"), coalesce(col("id").equalTo(col("representative_id")), lit(false))).otherwise(lit(true)).as("medoid"));
    Dataset<Row> assign = described.unionByName(kept).transform(Plans::cut);
    step(t0, "changed groups described");

    // 4. patterns: issues keep theirs; new issues may join the closest one
    Dataset<Row> oldIssues = old.filter(col("in_issue")).select("label").distinct();
    Dataset<Row> keptPatterns = old.filter(col("old_pattern").isNotNull()).groupBy(col("label").as("cluster")).agg(min("old_pattern").as("pkey"))
        .join(assign.select("cluster").distinct(), "cluster");
    Dataset<Row> newIssues = assign.filter(col("distinct").geq(2)).select("cluster").distinct().join(oldIssues.withColumnRenamed("label", "cluster"), "cluster", "left_anti");
    Dataset<Row> joins = joinPatterns(spark, vec, labels, keptPatterns, newIssues, p).transform(Plans::cut);
    Dataset<Row> clusterPattern = keptPatterns.unionByName(joins).transform(Plans::cut);

    long clusters = assign.select("cluster").distinct().count();
    return new Output(assign, clusterPattern, clusters, attached.count(), newIssues.count(), joins.count());
  }

  /**
   * The key edges of {@link IssuesJob#keyEdges} (a full night's, before its forest) that involve a
   * new complaint: every holder of a key a new complaint holds, and of a crowded composite key the
   * holders within {@link IssuesJob#CHAIN} of a new one in id order.
   */
  static Dataset<Row> freshKeyEdges(Dataset<Row> vec, Dataset<Row> fresh, BlockClusterer.Params bp, double edgeMin) {
    // first without the vectors: the holders of the new complaints' keys, and of a crowded key only
    // those within the chain of a new complaint; then the vectors of just those holders (at a
    // million generated complaints 1.5 M holdings of new keys, of which 86 k are needed)
    Dataset<Row> postings = vec.join(broadcast(fresh.withColumn("f", lit(true))), new String[] {"id"}, "left")
        .select(explode(col("cand")).as("term"), col("id"), col("f").isNotNull().as("fresh"));
    Dataset<Row> newTerms = postings.filter(col("fresh")).select("term").distinct();
    WindowSpec byTerm = Window.partitionBy("term").orderBy("id");
    Dataset<Row> needed = postings.join(broadcast(newTerms), "term")
        .withColumn("pos", row_number().over(byTerm))
        .withColumn("n", count(lit(1)).over(Window.partitionBy("term")))
        .withColumn("near", max(col("fresh").cast("int")).over(byTerm.rowsBetween(-IssuesJob.CHAIN, IssuesJob.CHAIN)))
        .filter(not(expr("(instr(term, '|') > 0 OR instr(term, '+') > 0) AND n > " + 2 * IssuesJob.CHAIN)).or(col("near").equalTo(1)))
        .select("term", "id", "fresh", "pos", "n")
        .transform(Plans::cut);
    // few enough to send to every task (an ordinary night: 86 k rows at a million complaints), so
    // the window's vectors are not shuffled to meet them; a backfill's many are joined as usual
    Dataset<Row> need = needed.count() <= BROADCAST_NEEDED ? broadcast(needed) : needed;
    Dataset<Row> keyed = vec.select(col("id"), col("mt").as("t"), col("mw").as("w"), col("fine"), col("tfine"), col("simhash")).join(need, "id");
    return keyEdges(keyed, bp, edgeMin);
  }

  /** At most this many needed key holdings (about 60 bytes each) are broadcast in {@link #freshKeyEdges}. */
  static final long BROADCAST_NEEDED = 1_000_000;

  /**
   * The edges (a, b, d, kind, ua) a full night would have that involve a new complaint: its keys
   * scored in the key's task ({@link #freshKeyEdges}), and its
   * near-duplicates (the SimHash keys new complaints hold). The work follows the new complaints and
   * the keys they share, not the window.
   */
  static Dataset<Row> freshEdges(Dataset<Row> vec, Dataset<Row> items, Dataset<Row> fresh, BlockClusterer.Params bp, double edgeMin, long maxBand, int dupBits) {
    Dataset<Row> edges = freshKeyEdges(vec, fresh, bp, edgeMin);
    if (dupBits >= 0) {
      Dataset<Row> bands = IssuesJob.simhashBands(vec, dupBits);
      Dataset<Row> newBands = IssuesJob.simhashBands(vec.join(broadcast(fresh), "id"), dupBits).select("band").distinct(); // the new ones' keys only, not the window's
      Dataset<Row> inBand = bands.join(broadcast(newBands), "band").withColumn("bn", count(lit(1)).over(Window.partitionBy("band"))).filter(col("bn").leq(maxBand))
          .join(broadcast(fresh.withColumn("f", lit(true))), new String[] {"id"}, "left");
      Dataset<Row> dups = IssuesJob.dupJoin(inBand.filter(col("f").isNotNull()), inBand, dupBits, false).transform(Plans::cut);
      Dataset<Row> ends = dups.select(col("a").as("id")).union(dups.select(col("b").as("id"))).distinct();
      edges = edges.unionByName(IssuesJob.scoreEdges(items.join(ends, "id"), dups, bp).filter(col("d").leq(1 - edgeMin).and(col("kind").notEqual(IssuesJob.CONFLICT))));
    }
    return edges.dropDuplicates("a", "b");
  }

  /**
   * The pairs of {@link IssuesJob#keyEdges} (without its forest) with a new complaint, from the
   * needed holders only: input (term, id, fresh, pos, n, t, w, fine, tfine, simhash), pos being the
   * holder's place in id order among all n holders of the key. A crowded composite key pairs
   * holders at most {@link IssuesJob#CHAIN} places apart, as there; the holders left out of the
   * input are those no such pair with a new complaint reaches.
   */
  static Dataset<Row> keyEdges(Dataset<Row> keyed, BlockClusterer.Params bp, double edgeMin) {
    return keyed.groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("term")), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (term, rows) -> {
          List<Row> sorted = new ArrayList<>();
          rows.forEachRemaining(sorted::add);
          sorted.sort(java.util.Comparator.comparingInt((Row r) -> r.<Integer>getAs("pos")));
          int k = sorted.size();
          List<BlockClusterer.Item> items = new ArrayList<>(k);
          int[] pos = new int[k];
          boolean[] fresh = new boolean[k];
          for (int i = 0; i < k; i++) {
            Row r = sorted.get(i);
            items.add(IssuesJob.item(r));
            pos[i] = r.<Integer>getAs("pos");
            fresh[i] = r.<Boolean>getAs("fresh");
          }
          long n = k == 0 ? 0 : sorted.get(0).<Long>getAs("n");
          boolean chained = (term.contains("|") || term.contains("+")) && n > 2 * IssuesJob.CHAIN;
          BlockClusterer scorer = new BlockClusterer(bp);
          List<Row> out = new ArrayList<>();
          for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k && (!chained || pos[j] - pos[i] <= IssuesJob.CHAIN); j++) {
              if (!fresh[i] && !fresh[j]) {
                continue;
              }
              Row e = IssuesJob.edge(scorer, bp, items.get(i), items.get(j));
              if (e.getDouble(2) <= 1 - edgeMin && e.getInt(3) != IssuesJob.CONFLICT) {
                out.add(e);
              }
            }
          }
          return out.iterator();
        }, Encoders.row(IssuesJob.EDGE));
  }

  /**
   * New issues → (cluster, pkey) for those whose place-masked centroid is on average within
   * pattern_cut of the issues of an existing pattern (the closest such pattern).
   */
  static Dataset<Row> joinPatterns(SparkSession spark, Dataset<Row> vec, Dataset<Row> labels, Dataset<Row> keptPatterns, Dataset<Row> newIssues, IssuesJob.Params p) {
    BlockClusterer.Params pp = new BlockClusterer.Params(p.patternCut(), 1.0, 1.0, 1.0, -1);
    StructType centroidType = new StructType().add("id", DataTypes.StringType, false)
        .add("t", DataTypes.createArrayType(DataTypes.StringType, false), false).add("w", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
        .add("fine", DataTypes.createArrayType(DataTypes.StringType, false), false).add("simhash", DataTypes.LongType, false)
        .add("cand", DataTypes.createArrayType(DataTypes.StringType, false), false);
    Dataset<Row> wanted = keptPatterns.select(col("cluster")).unionByName(newIssues.select("cluster"));
    Dataset<Row> centroids = labels.select(col("id"), col("label").as("cluster")).join(wanted, "cluster")
        .join(vec.select(col("id"), col("pt").as("mt"), col("pw").as("mw"), col("fine")), "id").select("id", "cluster", "mt", "mw", "fine")
        .groupByKey((MapFunction<Row, String>) r -> r.getString(1), Encoders.STRING())
        .mapGroups(new IssuesJob.Centroid(), Encoders.row(centroidType))
        .transform(Plans::cut);
    Dataset<Row> members = centroids.join(keptPatterns.withColumnRenamed("cluster", "id"), "id")
        .select(col("pkey").as("label"), lit(true).as("member"), col("id"), col("t"), col("w"), col("fine"), expr("cast(array() as array<string>)").as("tfine"), lit(0L).as("simhash"));
    Dataset<Row> candidates = centroids.join(newIssues.withColumnRenamed("cluster", "id"), "id").crossJoin(keptPatterns.select(col("pkey").as("label")).distinct())
        .select(col("label"), lit(false).as("member"), col("id"), col("t"), col("w"), col("fine"), expr("cast(array() as array<string>)").as("tfine"), lit(0L).as("simhash"));
    Dataset<Row> scores = spark.createDataFrame(members.unionByName(candidates).javaRDD(), IssuesJob.ROLE)
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(IssuesJob.attachScores(pp), Encoders.row(IssuesJob.SCORE))
        .withColumn("placed", lit(true));
    return scores.groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("u")), Encoders.STRING())
        .flatMapGroups(IssuesJob.attachDecision(pp), Encoders.row(IssuesJob.LABEL))
        .select(col("id").as("cluster"), col("label").as("pkey"));
  }

  /** A changed group → its members' assignments, the cluster keeping the group's label (last night's issue id, or the smallest member of a new group). */
  static FlatMapGroupsFunction<String, Row, Row> describeAs(BlockClusterer.Params bp) {
    return (label, rows) -> {
      List<BlockClusterer.Item> g = new ArrayList<>();
      while (rows.hasNext()) {
        g.add(IssuesJob.item(rows.next()));
      }
      List<Row> out = new ArrayList<>(g.size());
      for (BlockClusterer.Assignment a : new BlockClusterer(bp).describe(g)) {
        out.add(RowFactory.create(a.id(), label, a.similarity(), a.clusterSize(), a.distinct(), a.medoid()));
      }
      return out.iterator();
    };
  }

  // ------------------------------------------------------------------ which nights are incremental

  /**
   * What the issues stage did on a night: its mode, the last full night its clusters descend from,
   * the settings, and the night whose document frequencies its kept vectors are weighted by
   * ({@link CarriedVectors}; empty when it kept none) with that night's window size.
   */
  record State(String mode, String lastFull, String params, String vectorsBase, long vectorsN) {}

  static State readState(Lake lake, String dt) {
    JsonNode n = lake.readState("issues", dt);
    return n == null ? null
        : new State(n.path("mode").asText(), n.path("last_full").asText(), n.path("params").asText(), n.path("vectors_base").asText(""), n.path("vectors_n").asLong(0));
  }

  static void writeState(Lake lake, String dt, State s) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("mode", s.mode()).put("last_full", s.lastFull()).put("params", s.params()).put("vectors_base", s.vectorsBase()).put("vectors_n", s.vectorsN());
    lake.writeState("issues", dt, n);
  }

  /**
   * Why tonight must be a full night, or null when last night's clusters can be extended: there is
   * a base night within full_every_days of the last full night, made with the same settings.
   */
  static String fullReason(Lake lake, String prevDt, LocalDate runDate, IssuesJob.Params p) {
    if (p.fullEveryDays() <= 1) {
      return "issues.full_every_days is " + p.fullEveryDays();
    }
    if (prevDt == null) {
      return "no earlier night";
    }
    State s = readState(lake, prevDt);
    if (s == null) {
      return "the night of " + prevDt + " left no issues state";
    }
    if (!s.params().equals(p.fingerprint())) {
      return "the issues settings changed since " + prevDt;
    }
    long since = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(s.lastFull()), runDate);
    if (since >= p.fullEveryDays() || since <= 0) {
      return "the last full night was " + s.lastFull() + " (issues.full_every_days " + p.fullEveryDays() + ")";
    }
    return null;
  }
}
