package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.Complaints;
import org.minqing.datasets.schema.Tables.IssueMembers;
import org.minqing.datasets.schema.Tables.Issues;
import org.minqing.datasets.schema.Tables.Patterns;
import org.minqing.datasets.schema.Tables.Tokens;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.lake.LakeWriter;
import org.minqing.jobs.spark.SparkSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code issues} stage: complaints of the window → {@code issues}, {@code issue_members},
 * {@code patterns} (snapshots partitioned by the run date). The method, and why, is in
 * docs/issues.md; in short:
 *
 * <ol>
 *   <li><b>Vectors.</b> Per complaint a TF-IDF vector of its features (the title counted
 *       {@code title_weight} times) and one of its place-masked features (the <em>what</em>).
 *   <li><b>Candidates (Spark, unbounded).</b> Complaints sharing one of their few most distinctive
 *       words, or a SimHash band (reposts), are candidate pairs; pairs at least {@code edge_min}
 *       similar are edges; connected components of the edges are the blocks.
 *   <li><b>Issues (Smile, bounded).</b> Each block is clustered exactly with average linkage,
 *       cut at {@code issue_cut}; different fine places push two complaints apart
 *       ({@link BlockClusterer}).
 *   <li><b>Patterns.</b> The same two steps over the clusters' place-masked centroids, cut at
 *       {@code pattern_cut}; a group spanning at least {@code min_places} distinct places is a
 *       pattern.
 *   <li><b>Stable ids.</b> Clusters are matched to the previous run's issues by shared members
 *       (mutual best overlap): a match keeps its id, the rest are merges, splits or new.
 *   <li><b>Numbers.</b> Heat, trend, burst, labels (class-based TF-IDF), medoid ({@link Trend}).
 * </ol>
 *
 * Only per-block data is ever held in one task, and only counts and the document-frequency map
 * (bounded by the vocabulary, as in tokenize) reach the driver.
 */
public final class IssuesJob {
  private static final Logger LOG = LoggerFactory.getLogger(IssuesJob.class);

  /** Settings, from config {@code issues.*} (see config/example.yaml). */
  public record Params(
      int windowDays,
      int heatWindowDays,
      double titleWeight,
      int candidateTerms,
      double maxDfShare,
      double edgeMin,
      double issueCut,
      double placeConflictFactor,
      double placeUnknownFactor,
      double placeMatchFactor,
      int dupBits,
      double patternEdgeMin,
      double patternCut,
      int minPlaces,
      int minPatternPeople,
      int maxBlock,
      int fullEveryDays,
      double incrementalMaxShare) {
    public static Params defaults() {
      return new Params(365, 90, 2.0, 6, 0.05, 0.2, 0.72, 0.25, 0.85, 1.5, 3, 0.25, 0.75, 3, 2, 4000, 7, 0.2);
    }

    /** The settings that decide the clusters (not the heat window, not the schedule): an incremental night needs the same as its base. */
    String fingerprint() {
      return hashId("", java.util.Arrays.toString(new Object[] {windowDays, titleWeight, candidateTerms, maxDfShare, edgeMin, issueCut, placeConflictFactor, placeUnknownFactor,
          placeMatchFactor, dupBits, patternEdgeMin, patternCut, minPlaces, minPatternPeople, maxBlock}));
    }
  }

  /** What the stage did, for the manifest and the CLI. */
  public record Result(
      long complaints,
      long clusters,
      long issues,
      long assigned,
      long unassigned,
      long patterns,
      long issuesInPatterns,
      long idsKept,
      long idsMinted,
      long merges,
      long splits,
      long previousAssignments,
      long previousAssignmentsKept,
      int largestBlock,
      double seconds,
      String previousRun,
      String mode,
      long newComplaints) {
    public double unassignedShare() {
      return complaints == 0 ? 0 : unassigned / (double) complaints;
    }

    /** Share of the previous run's assignments (still in the window) whose complaint keeps its issue id. */
    public double stability() {
      return previousAssignments == 0 ? Double.NaN : previousAssignmentsKept / (double) previousAssignments;
    }
  }

  private IssuesJob() {}

  static final StructType VEC =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("ft", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("fw", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("mt", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("mw", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("fine", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("tfine", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("tnames", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("pt", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("pw", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("simhash", DataTypes.LongType, false)
          .add("cand", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("anchors", DataTypes.createArrayType(DataTypes.StringType, false), false);

  /**
   * A complaint that names no fine place is <em>anchored</em> by those of its {@link #ANCHOR_TERMS}
   * strongest what-words that at most this share of the window's complaints use (and at least two):
   * a name such as 58车贷, which {@link BlockClusterer#mergeByName} uses to bring its clusters together.
   */
  static final double ANCHOR_MAX_DF_SHARE = 0.005;

  /** How many of a place-less complaint's strongest what-words may anchor it. */
  static final int ANCHOR_TERMS = 3;

  /**
   * A word shared by more complaints than this is no candidate key: its pairs alone would be
   * n²/2 (a word in 5,000 complaints: 12.5 M pairs). Complaints about one problem at one place
   * still meet through rarer words (the place's name, the problem's specific terms).
   */
  static final long MAX_POSTINGS = 400;

  /** Title weight and size of the pattern vector (the *what* for cross-location patterns). */
  static final double PATTERN_TITLE_WEIGHT = 4;
  static final int PATTERN_TERMS = 12;

  static final StructType ASSIGN =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("cluster", DataTypes.StringType, false)
          .add("similarity", DataTypes.DoubleType, false)
          .add("size", DataTypes.IntegerType, false)
          .add("distinct", DataTypes.IntegerType, false)
          .add("medoid", DataTypes.BooleanType, false);

  public static Result run(SparkSession spark, Lake lake, String runId, LocalDate runDate, Params p) {
    long t0 = System.nanoTime();
    spark.sparkContext().setJobGroup("issues", "minqing issues " + runId, false);
    String end = runDate.toString();
    String start = p.windowDays() > 0 ? runDate.minusDays(p.windowDays() - 1L).toString() : "0000-00-00";
    String heatStart = runDate.minusDays(p.heatWindowDays() - 1L).toString();

    // ---- last night: the base of the stable ids, and of tonight's clusters on an incremental night
    String prevDt = previousPartition(lake, Tables.ISSUE_MEMBERS.name(), end);
    String fullReason = IncrementalIssues.fullReason(lake, prevDt, runDate, p);
    IncrementalIssues.State prevState = prevDt == null ? null : IncrementalIssues.readState(lake, prevDt);
    // an incremental night that can build on kept vectors reads neither the texts nor the full
    // feature lists of the window: only its new (or re-tokenized) complaints are vectorised
    boolean carry = fullReason == null && prevState != null && !prevState.vectorsBase().isEmpty();

    // ---- the window: complaints received in [start, end], with their tokens
    Dataset<Row> docs = readWindow(spark, lake, start, end, !carry).persist(StorageLevel.MEMORY_AND_DISK());
    long n = docs.count();
    LOG.info("issues: {} complaints in the window read at {} s", n, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    if (n == 0) {
      LOG.warn("issues: no complaints with tokens between {} and {}; nothing to cluster", start, end);
      docs.unpersist();
      return new Result(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (System.nanoTime() - t0) / 1e9, null, "full", 0);
    }

    Dataset<Row> prevAll = prevDt == null
        ? spark.createDataFrame(List.of(), new StructType().add("id", DataTypes.StringType).add("old_issue", DataTypes.StringType).add("old_pattern", DataTypes.StringType)
            .add("old_sim", DataTypes.DoubleType))
        : spark.read().schema(SparkSchemas.of(Tables.ISSUE_MEMBERS)).parquet(lake.table(Tables.ISSUE_MEMBERS.name()).toString())
            .filter(col(IssueMembers.DT).equalTo(prevDt))
            .select(col(IssueMembers.COMPLAINT_ID).as("id"), col(IssueMembers.ISSUE_ID).as("old_issue"), col(IssueMembers.PATTERN_ID).as("old_pattern"),
                col(IssueMembers.SIMILARITY).as("old_sim"));
    prevAll = prevAll.join(docs.select("id"), "id").transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> prev = prevAll.filter(col("old_issue").isNotNull()).select("id", "old_issue", "old_pattern");
    Dataset<Row> fresh = null;
    long freshCount = n;
    if (fullReason == null) {
      fresh = docs.select("id").join(prevAll.select("id"), "id", "left_anti").transform(org.minqing.jobs.spark.Plans::cut);
      freshCount = fresh.count();
      if (freshCount > p.incrementalMaxShare() * n) {
        fullReason = freshCount + " of " + n + " complaints are new, more than issues.incremental_max_share " + p.incrementalMaxShare();
      }
    }
    CarriedVectors.Base base = carry && fullReason == null ? CarriedVectors.readBase(spark, lake, prevState.vectorsBase(), prevState.vectorsN()) : null;
    if (carry && base == null) {
      // a backfill turned the night into a full one, or the kept vectors are gone: read it all
      docs.unpersist();
      docs = readWindow(spark, lake, start, end, true).persist(StorageLevel.MEMORY_AND_DISK());
      carry = false;
    }
    String mode = fullReason == null ? "incremental" : "full";
    String lastFull = fullReason == null ? prevState.lastFull() : end;
    LOG.info("issues: {} night{}", mode, fullReason == null ? " (" + freshCount + " new of " + n + " complaints; last full night " + lastFull + ")" : ": " + fullReason);

    // ---- vectors: all of them, weighted by tonight's document frequencies (bounded by the
    // vocabulary, as in tokenize), or the kept ones and those of the new complaints, weighted by
    // the frozen frequencies of the night the kept ones came from
    Vectorize vectorize;
    long nW;
    Dataset<Row> vec;
    String vectorsBase;
    if (carry) {
      nW = base.n();
      vectorize = vectorizer(spark, base.df(), nW, p);
      Dataset<Row> stored = CarriedVectors.read(spark, lake, base.night(), end);
      Dataset<Row> validDays = CarriedVectors.validDays(stored, docs);
      Dataset<Row> valid = CarriedVectors.valid(stored, validDays);
      Dataset<Row> computed = withTextAndFeatures(spark, lake, CarriedVectors.needed(docs, validDays))
          .map(new KeepingVectors(vectorize), Encoders.row(CarriedVectors.KEPT)).transform(org.minqing.jobs.spark.Plans::cut);
      CarriedVectors.append(lake, end, computed);
      vec = valid.unionByName(computed).drop("trun", "day").transform(org.minqing.jobs.spark.Plans::cut);
      vectorsBase = base.night();
      LOG.info("issues: vectors of the window at {} s ({} computed, the rest kept from the night of {})", String.format("%.1f", (System.nanoTime() - t0) / 1e9),
          computed.count(), base.night());
    } else {
      Map<String, Long> dfMap = new HashMap<>();
      for (Row r : docs.select(explode(array_distinct(col(Tokens.FEATURES))).as("w")).groupBy("w").agg(count(lit(1)).as("df"))
          .filter(col("df").geq(2)).orderBy(col("df").desc(), col("w")).limit(org.minqing.jobs.nlp.TokenizeJob.MAX_VOCABULARY).collectAsList()) {
        dfMap.put(r.getString(0), r.getLong(1));
      }
      LOG.info("issues: document frequencies of {} words at {} s", dfMap.size(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
      nW = n;
      vectorize = vectorizer(spark, dfMap, nW, p);
      Dataset<Row> kept = docs.map(new KeepingVectors(vectorize), Encoders.row(CarriedVectors.KEPT)).transform(org.minqing.jobs.spark.Plans::cut);
      vec = kept.drop("trun", "day");
      LOG.info("issues: vectors at {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
      CarriedVectors.writeBase(spark, lake, end, kept, dfMap);
      vectorsBase = end;
      LOG.info("issues: vectors kept for the next nights at {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }
    long maxDf = vectorize.maxDf;

    Dataset<Row> shown = shownAs(docs, vec); // how each place name is shown (a few thousand names, materialised once)
    Dataset<Row> assign;
    Dataset<Row> clusterPattern;
    long clusters;
    int[] largest = new int[1];
    if (fullReason == null) {
      IncrementalIssues.Output o = IncrementalIssues.assign(spark, vec, prevAll, spark.read().schema(SparkSchemas.of(Tables.ISSUES)).parquet(lake.table(Tables.ISSUES.name()).toString())
          .filter(col(Issues.DT).equalTo(prevDt)).select(col(Issues.ISSUE_ID).as("issue_id"), col(Issues.COMPLAINTS).as("complaints"), col(Issues.DISTINCT_TEXTS).as("distinct_texts"),
              col(Issues.REPRESENTATIVE_ID).as("representative_id")), fresh, p, maxDf, t0);
      assign = o.assign();
      clusterPattern = o.clusterPattern();
      clusters = o.clusters();
      LOG.info("issues (incremental): {} new complaints: {} joined an issue; {} new issues, {} of them joined a pattern; {} clusters in {} s", freshCount, o.attached(), o.newGroups(),
          o.patternJoins(), clusters, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    } else {
      Clustered full = fullNight(spark, vec, p, maxDf, largest, t0, n);
      assign = full.assign();
      clusterPattern = placedAsShown(reportedByMany(full.clusterPattern(), assign, docs, p.minPatternPeople()), assign, docs, vec, shown, p.minPlaces());
      clusters = full.clusters();
    }

    // ---- which clusters are issues: two distinct texts, one text sent by two known people, or part
    // of a pattern. One person's reposts are one complaint; the same letter sent by several people
    // (805路 改道走木莲中路 from three residents) is a recurring issue, not a one-off.
    Dataset<Row> sentByMany = assign.filter(col("distinct").equalTo(1).and(col("size").geq(2))).select("id", "cluster")
        .join(docs.select("id", "person").filter(col("person").notEqual(col("id"))), "id") // a complaint without a complainant key is nobody's
        .groupBy("cluster", "person").agg(count(lit(1)).as("c"))
        .groupBy("cluster").agg(count(lit(1)).as("people"))
        .filter(col("people").geq(2)).select(col("cluster"), lit(true).as("sent_by_many"));
    Dataset<Row> members = assign.join(clusterPattern, "cluster", "left").join(sentByMany, "cluster", "left")
        .withColumn("assigned", col("distinct").geq(2).or(col("pkey").isNotNull()).or(col("sent_by_many").isNotNull()))
        .drop("sent_by_many")
        .transform(org.minqing.jobs.spark.Plans::cut);

    LOG.info("issues: patterns found at {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    // ---- stable ids
    // (an incremental night's clusters and patterns are keyed by the ids they continue already)
    boolean carried = fullReason == null;
    StableIds.Matched issueIds = StableIds.match(members.filter(col("assigned")).select(col("id"), col("cluster").as("key")), prev.select(col("id"), col("old_issue").as("old")), "I", end, carried);
    StableIds.Matched patternIds = StableIds.match(members.filter(col("pkey").isNotNull()).select(col("id"), col("pkey").as("key")),
        prev.filter(col("old_pattern").isNotNull()).select(col("id"), col("old_pattern").as("old")), "P", end, carried);

    Dataset<Row> m = members.join(issueIds.ids().select(col("key").as("cluster"), col("new_id").as("issue_id")), "cluster", "left")
        .join(patternIds.ids().select(col("key").as("pkey"), col("new_id").as("pattern_id")), "pkey", "left")
        .join(docs.select("id", "day", "title", "person", "likes", "co_signers"), "id")
        .transform(org.minqing.jobs.spark.Plans::cut);
    LOG.info("issues: ids matched at {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));

    // ---- keywords: class-based TF-IDF of place-masked features, every cluster a class
    Dataset<Row> termCounts = m.select(col("id"), col("cluster")).join(docs.select(col("id"), col(Tokens.MASKED_FEATURES), col(Tokens.TITLE_FEATURES)), "id")
        .select(col("cluster"), explode(TERM_FREQUENCIES.apply(col(Tokens.MASKED_FEATURES), col(Tokens.TITLE_FEATURES))).as(new String[] {"term", "n"}))
        .groupBy("cluster", "term").agg(sum("n").cast("long").as("tf"), count(lit(1)).as("nd")).transform(org.minqing.jobs.spark.Plans::cut);
    LOG.info("issues: term counts at {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    Row tot = termCounts.agg(sum("tf"), countDistinct("cluster")).first();
    double avgPerClass = tot.isNullAt(0) ? 1 : tot.getLong(0) / (double) Math.max(1, tot.getLong(1));
    Dataset<Row> termTotals = termCounts.groupBy("term").agg(sum("tf").as("ft"));
    // an issue's words are weighted by the square root of the share of its complaints that use them:
    // a word one of five complaints happens to use (有损于) does not label the issue, and a word every
    // complaint of a large issue uses in passing (小区) does not outrank the problem (docs/issues.md)
    Dataset<Row> issueKeywords = topTerms(issueTerms(termCounts, m.filter(col("issue_id").isNotNull()).select("cluster", "issue_id")), termTotals, avgPerClass, "issue_id");
    // a pattern is one problem at many places: its words are weighted by the share of its clusters
    // that use them, so a name only one estate's complaints use (书香门第, not known as a place) does
    // not label the pattern
    Dataset<Row> patternClusters = m.filter(col("pattern_id").isNotNull()).select("cluster", "pattern_id").distinct();
    Dataset<Row> patternKeywords = topTerms(termCounts.join(patternClusters, "cluster")
        .groupBy("pattern_id", "term").agg(sum("tf").as("tf"), count(lit(1)).as("nc")) // one row per (cluster, term), one pattern per cluster: the clusters using it
        .join(patternClusters.groupBy("pattern_id").agg(count(lit(1)).as("ncl")), "pattern_id")
        .withColumn("spread", col("nc").divide(col("ncl"))).drop("nc", "ncl"), termTotals, avgPerClass, "pattern_id");

    // ---- places shown for an issue: its members' fine places, most mentioned first
    Dataset<Row> issuePlaces = namedPlaces(m.filter(col("issue_id").isNotNull()).select(col("id"), col("issue_id")), "issue_id", docs, vec, shown)
        .filter(col("r").leq(SHOWN_PLACES))
        .groupBy("issue_id").agg(expr("transform(sort_array(collect_list(struct(r, place))), x -> x.place)").as("places"),
            max(when(col("r").equalTo(1), col("n"))).as("lead_named"));

    // ---- per-issue numbers
    // every aggregate over the members keeps a fixed-width buffer (counts, sums, dates as days), so
    // Spark aggregates by hashing; strings (first/min of an id, a title, a date string) and two
    // distinct counts made it sort the members and expand them threefold. People are counted once
    // per (issue, person); the medoid and the pattern are one row per issue.
    Dataset<Row> im = m.filter(col("issue_id").isNotNull());
    Dataset<Row> people = im.groupBy("issue_id", "person").agg(max(when(col("day").geq(heatStart), 1).otherwise(0)).as("recent"))
        .groupBy("issue_id").agg(count(lit(1)).as("complainants"), sum("recent").cast("long").as("h_people"));
    Dataset<Row> medoids = im.filter(col("medoid")).groupBy("issue_id").agg(min(struct(col("id"), col("title"))).as("rep"))
        .select(col("issue_id"), col("rep.id").as("representative_id"), col("rep.title").as("representative_title"));
    Dataset<Row> patternOf = im.filter(col("pattern_id").isNotNull()).select("issue_id", "pattern_id").distinct();
    Dataset<Row> stats = im.groupBy("issue_id").agg(
        count(lit(1)).as("complaints"), max("distinct").as("distinct_texts"),
        sum("likes").cast("long").as("likes"), sum("co_signers").cast("long").as("co_signers"),
        min(to_date(col("day"))).cast("string").as("first_seen"), max(to_date(col("day"))).cast("string").as("last_seen"),
        sum(when(col("day").geq(heatStart), 1).otherwise(0)).cast("long").as("h_complaints"),
        sum(when(col("day").geq(heatStart), col("likes").plus(col("co_signers"))).otherwise(0)).cast("long").as("h_support"))
        .join(people, "issue_id").join(patternOf, "issue_id", "left").join(medoids, "issue_id", "left");
    Dataset<Row> issueRows = stats.join(daysOf(im, "issue_id"), "issue_id").join(issueKeywords, "issue_id", "left").join(issuePlaces, "issue_id", "left")
        .join(patternKeywords.withColumnRenamed("keywords", "pattern_keywords"), "pattern_id", "left")
        .join(issueIds.ids().select(col("new_id").as("issue_id"), col("merged"), col("split_from")), "issue_id", "left")
        .map(new IssueRow(runDate, runId), Encoders.row(SparkSchemas.of(Tables.ISSUES)))
        .withColumn(Issues.RANK, row_number().over(Window.orderBy(col(Issues.HEAT).desc(), col(Issues.ISSUE_ID))))
        .transform(org.minqing.jobs.spark.Plans::cut);

    LOG.info("issues: issue rows at {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));

    // ---- patterns
    Dataset<Row> pIssues = issueRows.filter(col(Issues.PATTERN_ID).isNotNull())
        .select(col(Issues.PATTERN_ID), col(Issues.ISSUE_ID), col(Issues.COMPLAINTS), col(Issues.HEAT), expr("get(" + Issues.PLACES + ", 0)").as("place"), col(Issues.REPRESENTATIVE_TITLE));
    Dataset<Row> pStats = m.filter(col("pattern_id").isNotNull()).groupBy("pattern_id").agg(
        count(lit(1)).as("complaints"), sum("likes").cast("long").as("likes"),
        min(to_date(col("day"))).cast("string").as("first_seen"), max(to_date(col("day"))).cast("string").as("last_seen"))
        .join(m.filter(col("pattern_id").isNotNull()).select("pattern_id", "person").distinct().groupBy("pattern_id").agg(count(lit(1)).as("households")), "pattern_id")
        .join(daysOf(m.filter(col("pattern_id").isNotNull()), "pattern_id"), "pattern_id");
    Dataset<Row> pAgg = pIssues.groupBy("pattern_id").agg(
        expr("transform(sort_array(collect_list(struct(-complaints, issue_id))), x -> x.issue_id)").as("issue_ids"),
        expr("array_distinct(transform(filter(sort_array(collect_list(struct(-complaints, issue_id, place))), x -> x.place is not null), x -> x.place))").as("places"),
        expr("slice(transform(filter(sort_array(collect_list(struct(-complaints, issue_id, representative_title))), x -> x.representative_title is not null), x -> x.representative_title), 1, 3)").as("titles"),
        sum(Issues.HEAT).as("heat"));
    Dataset<Row> patternRows = pStats.join(pAgg, "pattern_id").join(patternKeywords, "pattern_id", "left")
        .join(patternIds.ids().select(col("new_id").as("pattern_id"), col("merged")), "pattern_id", "left")
        .map(new PatternRow(runDate, runId), Encoders.row(SparkSchemas.of(Tables.PATTERNS)))
        .withColumn(Patterns.RANK, row_number().over(Window.orderBy(col(Patterns.PLACE_COUNT).desc(), col(Patterns.COMPLAINTS).desc(), col(Patterns.PATTERN_ID))));

    Dataset<Row> memberRows = m.select(col("id").as(IssueMembers.COMPLAINT_ID), col("day").as(IssueMembers.RECEIVED_DATE), col("issue_id").as(IssueMembers.ISSUE_ID),
        col("pattern_id").as(IssueMembers.PATTERN_ID), col("similarity").as(IssueMembers.SIMILARITY), lit(runId).as(IssueMembers.RUN_ID), lit(end).as(IssueMembers.DT));

    // ---- numbers for the manifest (all counts)
    Row mc = m.agg(count(lit(1)), sum(when(col("issue_id").isNotNull(), 1).otherwise(0))).first();
    long assigned = mc.isNullAt(1) ? 0 : mc.getLong(1);
    long issues = issueRows.count();
    Row pc = issueRows.agg(countDistinct(col(Issues.PATTERN_ID)), sum(when(col(Issues.PATTERN_ID).isNotNull(), 1).otherwise(0))).first();
    long prevAssigned = 0;
    long prevKept = 0;
    if (prevDt != null) {
      Row s = prev.join(m.select("id", "issue_id"), "id").agg(count(lit(1)), sum(when(col("issue_id").equalTo(col("old_issue")), 1).otherwise(0))).first();
      prevAssigned = s.getLong(0);
      prevKept = s.isNullAt(1) ? 0 : s.getLong(1);
    }

    LOG.info("issues: counted at {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    LakeWriter.replacePartitions(spark, lake, runId, Tables.ISSUES, issueRows, List.of(end), Issues.RANK);
    LakeWriter.replacePartitions(spark, lake, runId, Tables.ISSUE_MEMBERS, memberRows, List.of(end), IssueMembers.COMPLAINT_ID);
    LakeWriter.replacePartitions(spark, lake, runId, Tables.PATTERNS, patternRows, List.of(end), Patterns.RANK);

    long patterns = pc.getLong(0);
    Result r = new Result(n, clusters, issues, assigned, n - assigned, patterns, pc.isNullAt(1) ? 0 : pc.getLong(1), issueIds.kept(), issueIds.minted(), issueIds.merges(),
        issueIds.splits(), prevAssigned, prevKept, largest[0], (System.nanoTime() - t0) / 1e9, prevDt, mode, freshCount);
    IncrementalIssues.writeState(lake, end, new IncrementalIssues.State(mode, lastFull, p.fingerprint(), vectorsBase, nW));
    docs.unpersist();
    issueIds.unpersist();
    patternIds.unpersist();
    return r;
  }

  /**
   * The window's complaints with their tokens: what every night needs (place fields, title, the
   * place-masked and title features, places, SimHash and the tokens' run id), and with
   * {@code withText} also the text and the full feature list that vectors are computed from.
   */
  static Dataset<Row> readWindow(SparkSession spark, Lake lake, String start, String end, boolean withText) {
    List<org.apache.spark.sql.Column> c = new ArrayList<>(List.of(col(Complaints.COMPLAINT_ID).as("id"), col(Complaints.DT).as("day"), col(Complaints.TITLE).as("title"),
        coalesce(col(Complaints.COMPLAINANT_KEY), col(Complaints.COMPLAINT_ID)).as("person"), coalesce(col(Complaints.LIKES), lit(0)).as("likes"),
        coalesce(col(Complaints.CO_SIGNERS), lit(0)).as("co_signers"), col(Complaints.ESTATE).as("estate"), col(Complaints.COMMUNITY).as("community")));
    List<org.apache.spark.sql.Column> t = new ArrayList<>(List.of(col(Tokens.COMPLAINT_ID).as("id"), col(Tokens.TITLE_FEATURES), col(Tokens.MASKED_FEATURES), col(Tokens.PLACES),
        col(Tokens.SIMHASH), col(Tokens.RUN_ID).as("trun")));
    if (withText) {
      c.add(col(Complaints.TEXT).as("text"));
      t.add(col(Tokens.FEATURES));
    }
    Dataset<Row> complaints = spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString())
        .filter(col(Complaints.DT).geq(start).and(col(Complaints.DT).leq(end))).select(c.toArray(new org.apache.spark.sql.Column[0]));
    Dataset<Row> tokens = spark.read().schema(SparkSchemas.of(Tables.TOKENS)).parquet(lake.table(Tables.TOKENS.name()).toString())
        .filter(col(Tokens.DT).geq(start).and(col(Tokens.DT).leq(end))).select(t.toArray(new org.apache.spark.sql.Column[0]));
    return complaints.join(tokens, "id");
  }

  /**
   * Some of the window's complaints (rows of {@link #readWindow} without text) with their text and
   * full feature list added, read from their days' partitions only.
   */
  static Dataset<Row> withTextAndFeatures(SparkSession spark, Lake lake, Dataset<Row> some) {
    Dataset<Row> ids = some.select("id", "day").transform(org.minqing.jobs.spark.Plans::cut);
    List<String> days = new ArrayList<>();
    for (Row r : ids.select("day").distinct().collectAsList()) {
      days.add(r.getString(0)); // at most the window's days
    }
    if (days.isEmpty()) {
      return some.withColumn("text", lit(null).cast(DataTypes.StringType)).withColumn(Tokens.FEATURES, expr("cast(array() as array<string>)"));
    }
    Object[] in = days.toArray();
    Dataset<Row> text = spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString())
        .filter(col(Complaints.DT).isin(in)).select(col(Complaints.COMPLAINT_ID).as("id"), col(Complaints.TEXT).as("text"))
        .join(org.apache.spark.sql.functions.broadcast(ids.select("id")), "id");
    Dataset<Row> features = spark.read().schema(SparkSchemas.of(Tables.TOKENS)).parquet(lake.table(Tables.TOKENS.name()).toString())
        .filter(col(Tokens.DT).isin(in)).select(col(Tokens.COMPLAINT_ID).as("id"), col(Tokens.FEATURES))
        .join(org.apache.spark.sql.functions.broadcast(ids.select("id")), "id");
    return some.join(text, "id").join(features, "id");
  }

  /** The vectoriser of a window of {@code n} complaints with these document frequencies (broadcast once). */
  static Vectorize vectorizer(SparkSession spark, Map<String, Long> df, long n, Params p) {
    long maxDf = Math.min(MAX_POSTINGS, Math.max(20, Math.round(p.maxDfShare() * n)));
    long anchorMaxDf = Math.max(2, Math.round(ANCHOR_MAX_DF_SHARE * n));
    Broadcast<Map<String, Long>> bdf = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(df);
    return new Vectorize(bdf, n, p.titleWeight(), p.candidateTerms(), maxDf, anchorMaxDf);
  }

  /** A complaint's vector row ({@link #VEC}) with the run id of the tokens it was computed from ({@link CarriedVectors#KEPT}). */
  static final class KeepingVectors implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Vectorize vectorize;

    KeepingVectors(Vectorize vectorize) {
      this.vectorize = vectorize;
    }

    @Override
    public Row call(Row r) throws Exception {
      Row v = vectorize.call(r);
      Object[] out = new Object[v.length() + 2];
      for (int i = 0; i < v.length(); i++) {
        out[i] = v.get(i);
      }
      out[v.length()] = r.getAs("trun");
      out[v.length() + 1] = r.getAs("day");
      return RowFactory.create(out);
    }
  }

  /** Key edges and near-duplicate edges (scored, within edgeMin, no place conflicts), each pair once. */
  static Dataset<Row> issueEdges(Dataset<Row> keyEdges, Dataset<Row> items, Dataset<Row> simhash, BlockClusterer.Params bp, double edgeMin, long maxBand, int dupBits) {
    Dataset<Row> edges = keyEdges;
    if (dupBits >= 0) {
      edges = edges.unionByName(scoreEdges(items, dupPairs(simhash, maxBand, dupBits), bp).filter(col("d").leq(1 - edgeMin).and(col("kind").notEqual(CONFLICT))));
    }
    return edges.dropDuplicates("a", "b");
  }

  /** Every complaint's cluster (ASSIGN), cluster → pattern key (cluster, pkey), the number of clusters. */
  record Clustered(Dataset<Row> assign, Dataset<Row> clusterPattern, long clusters) {}

  /** A full night: every complaint of the window clustered afresh. */
  static Clustered fullNight(SparkSession spark, Dataset<Row> vec, Params p, long maxDf, int[] largest, long t0, long n) {
    // ---- issue clusters
    BlockClusterer.Params ip = new BlockClusterer.Params(p.issueCut(), p.placeConflictFactor(), p.placeUnknownFactor(), p.placeMatchFactor(), p.dupBits());
    Dataset<Row> items = vec.select(col("id"), col("mt").as("t"), col("mw").as("w"), col("fine"), col("tfine"), col("simhash"), col("anchors"));
    Dataset<Row> edges = issueEdges(keyEdges(keyed(vec), ip, p.edgeMin(), true), items, vec.select("id", "simhash"), ip, p.edgeMin(), maxDf, p.dupBits());
    Dataset<Row> assign = clusterIssues(spark, items, edges, ip, p.edgeMin(), p.maxBlock(), largest)
        .transform(org.minqing.jobs.spark.Plans::cut);

    // ---- pattern candidates: each cluster's place-masked centroid and its main place
    Dataset<Row> clusterVec = assign.select("id", "cluster").join(vec.select(col("id"), col("pt").as("mt"), col("pw").as("mw"), col("fine")), "id")
        .groupByKey((MapFunction<Row, String>) r -> r.getString(1), Encoders.STRING())
        .mapGroups(new Centroid(), Encoders.row(new StructType()
            .add("id", DataTypes.StringType, false)
            .add("t", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("w", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("fine", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("simhash", DataTypes.LongType, false)
            .add("cand", DataTypes.createArrayType(DataTypes.StringType, false), false)))
        .transform(org.minqing.jobs.spark.Plans::cut);
    long clusters = clusterVec.count();
    LOG.info("issues: {} complaints → {} clusters in {} s", n, clusters, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    long maxClusterDf = Math.min(MAX_POSTINGS, Math.max(20, Math.round(p.maxDfShare() * clusters)));
    Dataset<Row> clusterCand = clusterVec.select(col("id"), explode(col("cand")).as("term"))
        .withColumn("df", count(lit(1)).over(Window.partitionBy("term"))).filter(col("df").leq(maxClusterDf)).drop("df");
    Dataset<Row> patternPairs = termPairs(clusterCand);
    BlockClusterer.Params pp = new BlockClusterer.Params(p.patternCut(), 1.0, 1.0, 1.0, -1);
    Dataset<Row> pAssign = clusterGraph(spark, clusterVec.select(col("id"), col("t"), col("w"), col("fine"), expr("cast(array() as array<string>)").as("tfine"), col("simhash")), patternPairs, pp, p.patternEdgeMin(), p.maxBlock(), new int[1], "pattern")
        .select(col("id").as("cluster"), col("cluster").as("pkey")).transform(org.minqing.jobs.spark.Plans::cut);
    // a pattern needs min_places distinct main places over at least two clusters
    Dataset<Row> anchors = clusterVec.select(col("id").as("cluster"), expr("get(fine, 0)").as("anchor"));
    // (places counted as the patterns table counts them: one place written two ways — 伊景园滨河苑 and
    // the typo 伊景园滨河院, one core holding the other — is one place)
    int minPlaces = p.minPlaces();
    Dataset<Row> validPatterns = pAssign.join(anchors, "cluster").groupBy("pkey")
        .agg(collect_set(col("anchor")).as("anchors"), count(lit(1)).as("nclusters"))
        .filter(col("nclusters").geq(2))
        .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> PlaceKeys.distinctPlaces(r.getList(r.fieldIndex("anchors"))) >= minPlaces)
        .select("pkey");
    Dataset<Row> clusterPattern = pAssign.join(validPatterns, "pkey").select("cluster", "pkey");

    return new Clustered(assign, clusterPattern, clusters);
  }

  /**
   * The patterns (cluster → pkey) that at least two people reported: the same problem at many places
   * is a pattern because many people report it. One person's stream of suggestions about nine places
   * (附件3: 60–68 messages of one user, "加快…", all one-offs) was a pattern, and so each of its
   * messages an issue. A complaint without a complainant key counts as a person of its own.
   * {@code minPeople} is {@code issues.min_pattern_people} (default 2). With two or more, no one
   * person may send more than two thirds of a pattern's complaints either: on the whole real data
   * that user's "加快…刻不容缓" messages (64 of 67) still made a 9-place pattern with three other
   * people's three messages. (The next most one-sided pattern there: 4 of 7, 培训机构.)
   */
  static Dataset<Row> reportedByMany(Dataset<Row> clusterPattern, Dataset<Row> assign, Dataset<Row> docs, int minPeople) {
    Dataset<Row> perPerson = assign.select("id", "cluster").join(clusterPattern, "cluster").join(docs.select("id", "person"), "id")
        .groupBy("pkey", "person").agg(count(lit(1)).as("n"));
    Dataset<Row> many = perPerson.groupBy("pkey").agg(count(lit(1)).as("people"), sum("n").as("total"), max("n").as("top"))
        .filter(col("people").geq(minPeople).and(lit(minPeople < 2).or(col("top").multiply(3).leq(col("total").multiply(2))))).select("pkey");
    return clusterPattern.join(many, "pkey").select("cluster", "pkey").transform(org.minqing.jobs.spark.Plans::cut);
  }

  /**
   * The patterns whose clusters' first places, as the issues table shows them, are still at least
   * {@code minPlaces} distinct places. The pattern step counts each cluster's most named fine place,
   * and a fine place may be a name only the loose body patterns found ({@link PlaceKeys#inBody});
   * the table shows an issue's places from its titles' names and the places the nlp stage found.
   * On the real data a one-message issue whose only place was such a name (州局集团, cut from
   * 广州局集团 in "就广州局集团公司与…") made 伊景园滨河苑's 57 complaints and one of 富基世纪公园 a
   * "pattern" that the brief then showed as "（2 处）". Places ranked as the table ranks them: title
   * names twice, then most mentions, then by name.
   */
  static Dataset<Row> placedAsShown(Dataset<Row> clusterPattern, Dataset<Row> assign, Dataset<Row> docs, Dataset<Row> vec, Dataset<Row> shownAs, int minPlaces) {
    Dataset<Row> shown = namedPlaces(assign.select("id", "cluster").join(clusterPattern.select("cluster"), "cluster"), "cluster", docs, vec, shownAs)
        .filter(col("r").equalTo(1)).join(clusterPattern, "cluster");
    Dataset<Row> valid = shown.groupBy("pkey").agg(collect_set(col("place")).as("anchors"))
        .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> PlaceKeys.distinctPlaces(PlaceKeys.fine(r.getList(r.fieldIndex("anchors")))) >= minPlaces)
        .select("pkey");
    return clusterPattern.join(valid, "pkey").select("cluster", "pkey").transform(org.minqing.jobs.spark.Plans::cut);
  }

  /**
   * How a place name is shown: as the longest ending of it that the window's complaints name on its
   * own far more often (from → to). HanLP cuts unknown names at the wrong character, and the name
   * then carries a word or a character of the sentence before it: 泉塘小塘路 is cut 塘小塘路, 左转红旗路
   * and 接雷峰大道 keep their verbs, 星沙东六路 and 河西金星路 a district. An ending S replaces a name P
   * when S is a place with at least 2 characters before its place ending (园小区 is no name),
   * named in at least 3 complaints, at least twice as many as P, and at least twice as
   * many as all longer names ending in S together (城市广场 stays itself beside 方略城市广场 and
   * 洋湖城市广场). Counted per complaint over title names and the nlp stage's places. On the real
   * 附件3, counting the nlp stage's places alone (not the title names), 142 names change, e.g. 塘小塘路 → 小塘路, 得横过开元路 → 开元路, 基诺亚山林小区 →
   * 诺亚山林小区; names no complaint writes alone stay as they are (挖走恒大绿洲小区). Only what is shown
   * changes: issues' places and labels, patterns' places; the clusters and the pattern test's place
   * counts do not (one name containing another is one place there already).
   */
  static Dataset<Row> shownAs(Dataset<Row> docs, Dataset<Row> vec) {
    Dataset<Row> named = docs.select(col("id"), col(Tokens.PLACES)).join(vec.select("id", "tnames"), "id")
        .select(explode(expr("array_distinct(concat(tnames, " + Tokens.PLACES + "))")).as("place"))
        .groupBy("place").agg(count(lit(1)).as("n"))
        .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> PlaceKeys.core(r.getString(0)) != null);
    Dataset<Row> endings = named.select(col("place"), col("n"),
        explode(expr("filter(transform(sequence(1, char_length(place)), i -> substr(place, i + 1)), e -> char_length(e) >= 3)")).as("ending"));
    Dataset<Row> longer = endings.groupBy("ending").agg(sum("n").as("longer"));
    Dataset<Row> ok = named.join(longer, named.col("place").equalTo(longer.col("ending")))
        .filter(col("n").geq(3).and(col("n").geq(col("longer").multiply(2))))
        .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> PlaceKeys.nameBeforeEnding(r.getString(0)))
        .select(col("place").as("ending"), col("n").as("en"));
    return endings.join(ok, "ending").filter(col("en").geq(col("n").multiply(2)))
        .groupBy("place").agg(max(struct(expr("char_length(ending)"), col("ending"))).as("best"))
        .select(col("place").as("from"), col("best.ending").as("to"))
        .transform(org.minqing.jobs.spark.Plans::cut);
  }

  /**
   * The places each group of complaints ({@code members}: id and {@code key}) names, as an issue
   * shows them: (key, place, c = mentions, title names counted twice, n = complaints naming it, r =
   * its rank by c, then by name), administrative areas and non-places left out; each name as
   * {@code shownAs} ({@link #shownAs}) shows it.
   */
  static Dataset<Row> namedPlaces(Dataset<Row> members, String key, Dataset<Row> docs, Dataset<Row> vec, Dataset<Row> shownAs) {
    return members.join(docs.select(col("id"), col(Tokens.PLACES)), "id").join(vec.select("id", "tnames"), "id")
        .select(col("id"), col(key), explode(expr("concat(tnames, tnames, " + Tokens.PLACES + ")")).as("raw"))
        .join(broadcast(shownAs), col("raw").equalTo(col("from")), "left")
        .select(col("id"), col(key), coalesce(col("to"), col("raw")).as("place"))
        .groupBy(key, "place", "id").agg(count(lit(1)).as("c")) // then complaints per place without a distinct count (hash aggregation, no expand)
        .groupBy(key, "place").agg(sum("c").as("c"), count(lit(1)).as("n"))
        .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> PlaceKeys.core(r.getString(1)) != null) // per (group, place), not per mention
        .withColumn("r", row_number().over(Window.partitionBy(key).orderBy(col("c").desc(), col("place"))));
  }

  /** The latest partition of {@code table} strictly before {@code dt}, or null. */
  static String previousPartition(Lake lake, String table, String dt) {
    try {
      if (!lake.hasTable(table)) {
        return null;
      }
      String best = null;
      for (FileStatus s : lake.fs().listStatus(lake.table(table))) {
        String name = s.getPath().getName();
        if (s.isDirectory() && name.startsWith("dt=")) {
          String v = name.substring(3);
          if (v.compareTo(dt) < 0 && (best == null || v.compareTo(best) > 0)) {
            best = v;
          }
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SQL for the lookup keys of a 64-bit SimHash under which any two hashes at most {@code dupBits}
   * apart share at least one key (Manku, Jain and Das Sarma 2007, "Detecting near-duplicates for web
   * crawling"): the hash is cut into dupBits + 3 blocks; two hashes that differ in at most dupBits
   * bits differ in at most dupBits blocks, so at least 3 blocks are equal; every choice of 3 blocks
   * is one key (table number in the top bits). With 3 bits: 20 keys of about 32 bits each. Four
   * 16-bit bands (the first method) guarantee the same, but a 16-bit band is shared by chance by
   * N / 65,536 complaints: 15 at a million, and their pairs (96 M at a million generated
   * complaints, most of them far apart) dominated the candidate pairs.
   */
  static String simhashKeys(int dupBits) {
    if (dupBits < 0 || dupBits > 8) {
      throw new IllegalArgumentException("issues.dup_bits must be between 0 and 8, got " + dupBits);
    }
    if (dupBits == 0) {
      return "array(simhash)";
    }
    int blocks = dupBits + 3;
    int[] from = new int[blocks + 1];
    for (int b = 0; b <= blocks; b++) {
      from[b] = (int) Math.round(64.0 * b / blocks);
    }
    List<String> keys = new ArrayList<>();
    int table = 0;
    for (int i = 0; i < blocks; i++) {
      for (int j = i + 1; j < blocks; j++) {
        for (int k = j + 1; k < blocks; k++) {
          StringBuilder key = new StringBuilder("shiftleft(" + table + "L, 48)");
          int offset = 0;
          for (int b : new int[] {i, j, k}) {
            int width = from[b + 1] - from[b];
            key.append(" | shiftleft(shiftrightunsigned(simhash, ").append(from[b]).append(") & ").append((1L << width) - 1).append("L, ").append(offset).append(")");
            offset += width;
          }
          keys.add(key.toString());
          table++;
        }
      }
    }
    return "array(" + String.join(", ", keys) + ")";
  }

  /** Pairs (a, b), a &lt; b, of near-duplicates: a shared SimHash key ({@link #simhashKeys}, keys held by at most maxBand items) and at most dupBits apart. */
  static Dataset<Row> dupPairs(Dataset<Row> simhash, long maxBand, int dupBits) {
    Dataset<Row> bands = simhashBands(simhash, dupBits).withColumn("bn", count(lit(1)).over(Window.partitionBy("band"))).filter(col("bn").leq(maxBand));
    return dupJoin(bands, bands, dupBits, true);
  }

  /** (id, simhash, band): every SimHash lookup key ({@link #simhashKeys}) of the items (id, simhash) that have a fingerprint. */
  static Dataset<Row> simhashBands(Dataset<Row> simhash, int dupBits) {
    return simhash.filter(col("simhash").notEqual(0)).select(col("id"), col("simhash"), explode(expr(simhashKeys(dupBits))).as("band"));
  }

  /**
   * Pairs (a, b), a &lt; b, of an item of {@code left} and one of {@code right} (both (id, simhash,
   * band)) that share a key and are at most dupBits apart. {@code same}: left and right are the same
   * rows, so each pair is compared once.
   */
  static Dataset<Row> dupJoin(Dataset<Row> left, Dataset<Row> right, int dupBits, boolean same) {
    Dataset<Row> pairs = left.select(col("id").as("x"), col("simhash").as("sx"), col("band")).join(right.select(col("id").as("y"), col("simhash").as("sy"), col("band")), "band")
        .filter(same ? col("x").lt(col("y")) : col("x").notEqual(col("y"))).filter(expr("bit_count(sx ^ sy) <= " + dupBits));
    return pairs.select(least(col("x"), col("y")).as("a"), greatest(col("x"), col("y")).as("b")).distinct();
  }

  /** Pairs (a, b), a &lt; b, of ids sharing a term; input (id, term). */
  static Dataset<Row> termPairs(Dataset<Row> postings) {
    Dataset<Row> a = postings.select(col("id").as("a"), col("term"));
    Dataset<Row> b = postings.select(col("id").as("b"), col("term"));
    return a.join(b, "term").filter(col("a").lt(col("b"))).select("a", "b").distinct();
  }

  /** Strongest what-words per complaint used in composite candidate keys. */
  static final int KEY_WORDS = 3;

  /** How many neighbours (in id order) a complaint is paired with under a crowded composite key. */
  static final int CHAIN = 16;

  /** Scored edges: (a, b, d, kind, ua), a &lt; b; see {@link #scoreEdges}. */
  static final StructType EDGE = new StructType().add("a", DataTypes.StringType, false).add("b", DataTypes.StringType, false).add("d", DataTypes.DoubleType, false)
      .add("kind", DataTypes.IntegerType, false).add("ua", DataTypes.BooleanType, false);

  /**
   * The issue graph's edges from shared keys, scored where the key's holders meet: input (term, id,
   * t, w, fine, tfine, simhash), one task per key. Single words were filtered by document
   * frequency already (at most {@link #MAX_POSTINGS} complaints), and all their holders are
   * compared. A composite key (place|word, word+word: see {@link Vectorize}) held by more than 2 ×
   * {@link #CHAIN} complaints is not dropped — 600 complaints about one estate's lifts are one
   * problem, not noise — but each holder is compared with its next {@link #CHAIN} (in id order):
   * enough to connect them, linear in the key's size. Blocks are then clustered on all their pairs,
   * so the chain decides only which complaints meet in a block, not how they cluster (an
   * incremental night scores the pairs of these that involve a new complaint:
   * {@link IncrementalIssues#freshKeyEdges}). Edges less than edgeMin similar and place conflicts
   * are not kept. Scoring in the key's task, instead of joining every candidate pair with both
   * complaints' vectors, moves each vector once per key it holds: at a million complaints, 64 M
   * chained pairs would have moved two vectors each.
   *
   * <p>With {@code forest}, a pair of complaints that both name places is neither scored
   * nor kept when the key's earlier edges already joined them (a spanning forest of the key's
   * PLACED edges). A full night uses PLACED edges for their connected components only, which a
   * forest keeps exactly (a component is labelled by its smallest id, not by its edges); MIXED and
   * PLACELESS edges are all kept (attaching and the place-less graph use each one).
   */
  static Dataset<Row> keyEdges(Dataset<Row> keyed, BlockClusterer.Params bp, double edgeMin, boolean forest) {
    return keyed.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (term, rows) -> {
          List<BlockClusterer.Item> items = new ArrayList<>();
          List<Row> sorted = new ArrayList<>();
          rows.forEachRemaining(sorted::add);
          sorted.sort(java.util.Comparator.comparing((Row r) -> r.<String>getAs("id")));
          for (Row r : sorted) {
            items.add(item(r));
          }
          int n = items.size();
          boolean chained = (term.contains("|") || term.contains("+")) && n > 2 * CHAIN;
          BlockClusterer scorer = new BlockClusterer(bp);
          List<Row> out = new ArrayList<>();
          int[] parent = new int[n];
          for (int i = 0; i < n; i++) {
            parent[i] = i;
          }
          for (int i = 0; i < n; i++) {
            int to = chained ? Math.min(n, i + CHAIN + 1) : n;
            boolean pi = !items.get(i).places().isEmpty();
            for (int j = i + 1; j < to; j++) {
              boolean both = pi && !items.get(j).places().isEmpty();
              if (forest && both && root(parent, i) == root(parent, j)) {
                continue; // joined already: a PLACED edge here changes no component, a CONFLICT is dropped anyway
              }
              Row e = edge(scorer, bp, items.get(i), items.get(j));
              if (e.getDouble(2) <= 1 - edgeMin && e.getInt(3) != CONFLICT) {
                out.add(e);
                if (both) {
                  parent[root(parent, j)] = root(parent, i);
                }
              }
            }
          }
          return out.iterator();
        }, Encoders.row(EDGE));
  }

  /** The root of i in a union-find array, halving paths on the way. */
  static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** The (term, id, t, w, fine, tfine, simhash) rows of {@link #keyEdges} from vectors (VEC). */
  static Dataset<Row> keyed(Dataset<Row> vec) {
    return vec.select(explode(col("cand")).as("term"), col("id"), col("mt").as("t"), col("mw").as("w"), col("fine"), col("tfine"), col("simhash"));
  }

  /** One scored pair x &lt; y: distance, kind, whether x is the placeless one. */
  static Row edge(BlockClusterer scorer, BlockClusterer.Params bp, BlockClusterer.Item x, BlockClusterer.Item y) {
    double d = scorer.distance(x, y);
    boolean px = !x.places().isEmpty();
    boolean py = !y.places().isEmpty();
    int kind = px && py ? (d <= bp.cutHeight() || BlockClusterer.samePlace(x, y) ? PLACED : CONFLICT) : px || py ? MIXED : PLACELESS;
    return RowFactory.create(x.id(), y.id(), d, kind, !px);
  }

  /**
   * Clusters items (id, t, w, fine, tfine, simhash) with one {@link BlockClusterer} over the whole
   * graph: scores candidate pairs, keeps those at least {@code edgeMin} similar, finds connected
   * components, clusters each. Used for patterns (no place rules). Returns (id, cluster,
   * similarity, size, distinct, medoid) for every item.
   */
  static Dataset<Row> clusterGraph(SparkSession spark, Dataset<Row> items, Dataset<Row> pairs, BlockClusterer.Params bp, double edgeMin, int maxBlock, int[] largest, String what) {
    Dataset<Row> edges = scoreEdges(items, pairs, bp).filter(col("d").leq(1 - edgeMin)).select("a", "b", "d").persist(StorageLevel.MEMORY_AND_DISK());
    // Patterns keep the threshold rounds: splitting a big pattern component by each cluster's
    // strongest word put a sixth of the 房产证 clusters into other blocks at 100 k complaints
    // (pattern recall 0.86 against 1.00 with the rounds, which cost 158 s against 29 s there).
    Dataset<Row> comp = components(spark, edges, edgeMin, maxBlock, largest, what);
    Dataset<Row> grouped = comp.join(items, "id")
        .groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("comp")), Encoders.STRING())
        .flatMapGroups(clusterBlock(bp, maxBlock), Encoders.row(ASSIGN));
    Dataset<Row> singles = items.select("id").join(comp.select("id"), "id", "left_anti")
        .select(col("id"), col("id").as("cluster"), lit(1.0).as("similarity"), lit(1).as("size"), lit(1).as("distinct"), lit(true).as("medoid"));
    Dataset<Row> out = grouped.unionByName(singles);
    edges.unpersist();
    return out;
  }

  /** Edge kinds of the issue graph (see {@link #clusterIssues}). */
  static final int PLACED = 0;
  static final int CONFLICT = 1;
  static final int MIXED = 2;
  static final int PLACELESS = 3;

  /** Candidate pairs (a, b) → (a, b, d, kind, ua): distance, edge kind, and for MIXED edges whether a is the placeless one. */
  static Dataset<Row> scoreEdges(Dataset<Row> items, Dataset<Row> pairs, BlockClusterer.Params bp) {
    Dataset<Row> ia = items.select(col("id").as("a"), col("t").as("ta"), col("w").as("wa"), col("fine").as("fa"), col("tfine").as("xa"), col("simhash").as("sa"));
    Dataset<Row> ib = items.select(col("id").as("b"), col("t").as("tb"), col("w").as("wb"), col("fine").as("fb"), col("tfine").as("xb"), col("simhash").as("sb"));
    BlockClusterer scorer = new BlockClusterer(bp);
    return pairs.join(ia, "a").join(ib, "b")
        .map((MapFunction<Row, Row>) r -> edge(scorer, bp,
            item(r.getAs("a"), r.getList(r.fieldIndex("ta")), r.getList(r.fieldIndex("wa")), r.getList(r.fieldIndex("fa")), r.getList(r.fieldIndex("xa")), r.getAs("sa")),
            item(r.getAs("b"), r.getList(r.fieldIndex("tb")), r.getList(r.fieldIndex("wb")), r.getList(r.fieldIndex("fb")), r.getList(r.fieldIndex("xb")), r.getAs("sb"))),
            Encoders.row(EDGE));
  }

  /**
   * Connected components (id, comp) of the edges (a, b, d) at least {@code edgeMin} similar, for
   * nodes with an edge. Components larger than maxBlock are split by raising their edge threshold
   * step by step: chains of weak links (a vocabulary shared by many problems) go first, tight
   * groups stay; what is still too big is clustered in slices (logged).
   */
  static Dataset<Row> components(SparkSession spark, Dataset<Row> edges, double edgeMin, int maxBlock, int[] largest, String what) {
    return components(spark, edges, edgeMin, maxBlock, largest, what, true);
  }

  /** As {@link #components(SparkSession, Dataset, double, int, int[], String)}; without {@code raise} big components are left whole (for {@link #splitBig}). */
  static Dataset<Row> components(SparkSession spark, Dataset<Row> edges, double edgeMin, int maxBlock, int[] largest, String what, boolean raise) {
    Dataset<Row> comp = null;
    Dataset<Row> current = edges;
    double threshold = edgeMin;
    long edgeCount = edges.count();
    int rounds = 0;
    while (true) {
      Dataset<Row> c = ConnectedComponents.of(spark, current.select("a", "b"));
      Dataset<Row> sizes = c.groupBy("comp").agg(count(lit(1)).as("size"));
      Dataset<Row> big = sizes.filter(col("size").gt(maxBlock)).select("comp");
      Dataset<Row> ok = c.join(big, "comp", "left_anti").select("id", "comp");
      comp = comp == null ? ok : comp.unionByName(ok);
      long bigCount = big.count();
      rounds++;
      if (bigCount == 0 || threshold >= 0.95 || !raise) {
        if (bigCount > 0) {
          comp = comp.unionByName(c.join(big, "comp").select("id", "comp")); // split or sliced later
        }
        break;
      }
      threshold = Math.min(0.95, threshold + 0.05);
      Dataset<Row> inBig = c.join(big, "comp").select("id");
      current = current.join(inBig.withColumnRenamed("id", "a"), "a").join(inBig.withColumnRenamed("id", "b"), "b")
          .filter(col("d").leq(1 - threshold)).transform(org.minqing.jobs.spark.Plans::cut);
    }
    comp = comp.transform(org.minqing.jobs.spark.Plans::cut);
    Row sizes = comp.groupBy("comp").count().agg(max("count"), count(lit(1))).first();
    largest[0] = Math.max(largest[0], sizes.isNullAt(0) ? 1 : (int) sizes.getLong(0));
    LOG.info("{} graph: {} edges ≥ {}, {} components after {} rounds (final threshold {}), largest {} items", what, edgeCount, edgeMin, sizes.getLong(1), rounds,
        String.format("%.2f", threshold), sizes.isNullAt(0) ? 0 : sizes.getLong(0));
    if (!sizes.isNullAt(0) && sizes.getLong(0) > maxBlock && raise) {
      LOG.warn("{} graph: a component of {} items exceeds issues.max_block {}; it is clustered in slices of {}", what, sizes.getLong(0), maxBlock, maxBlock);
    }
    return comp;
  }

  /**
   * Bounded blocks from components (id, comp): a component above maxBlock is split by each
   * complaint's main place (the first place its title names, else the first it names at all) when
   * {@code byPlace}, then, where still too big, by its strongest word as well; what is still too big
   * is clustered in slices of maxBlock (logged). Unlike raising the edge threshold, no complaint
   * leaves its block: a complaint whose edges are all weak still meets the complaints about its
   * place. Clusters across the split are lost: the same place spelled two ways (丽发新城 /
   * 南路丽发新城) in a component that big. Returns (id, comp = the block, area = component|main place,
   * or component|word without byPlace).
   */
  static Dataset<Row> splitBig(Dataset<Row> comp, Dataset<Row> items, int maxBlock, boolean byPlace, int[] largest, String what) {
    StructType keys = new StructType().add("id", DataTypes.StringType, false).add("comp", DataTypes.StringType, false)
        .add("k1", DataTypes.StringType, false).add("k2", DataTypes.StringType, false);
    Dataset<Row> keyed = comp.join(items.select("id", "t", "w", "fine", "tfine"), "id").map((MapFunction<Row, Row>) r -> {
      List<String> tfine = r.getList(r.fieldIndex("tfine"));
      List<String> fine = r.getList(r.fieldIndex("fine"));
      String place = !tfine.isEmpty() ? tfine.get(0) : !fine.isEmpty() ? fine.get(0) : "";
      List<String> t = r.getList(r.fieldIndex("t"));
      List<Double> w = r.getList(r.fieldIndex("w"));
      String word = "";
      double best = -1;
      for (int i = 0; i < t.size(); i++) {
        if (w.get(i) > best || (w.get(i) == best && t.get(i).compareTo(word) < 0)) {
          best = w.get(i);
          word = t.get(i);
        }
      }
      String c = r.getAs("comp");
      String k1 = byPlace ? c + "|" + place : c + "|" + word;
      return RowFactory.create(r.getAs("id"), c, k1, byPlace ? k1 + "|" + word : k1);
    }, Encoders.row(keys));
    Dataset<Row> blocks = keyed
        .withColumn("n0", count(lit(1)).over(Window.partitionBy("comp")))
        .withColumn("n1", count(lit(1)).over(Window.partitionBy("k1")))
        .select(col("id"), when(col("n0").leq(maxBlock), col("comp")).when(col("n1").leq(maxBlock), col("k1")).otherwise(col("k2")).as("comp"), col("k1").as("area"))
        .transform(org.minqing.jobs.spark.Plans::cut);
    Row sizes = blocks.groupBy("comp").count().agg(max("count"), count(lit(1))).first();
    long biggest = sizes.isNullAt(0) ? 0 : sizes.getLong(0);
    largest[0] = (int) Math.max(largest[0], biggest);
    LOG.info("{} blocks: {} after splitting components above {} by {}, largest {} items", what, sizes.getLong(1), maxBlock, byPlace ? "place, then place + word" : "word", biggest);
    if (biggest > maxBlock) {
      LOG.warn("{} blocks: a block of {} items exceeds issues.max_block {}; it is clustered in slices of {}", what, biggest, maxBlock, maxBlock);
    }
    return blocks;
  }

  /**
   * Largest split component whose clusters are merged across all its blocks in one task
   * (complaints); a bigger one (at a million generated complaints: 872,226 in one component) is
   * merged across the blocks of each of its main places, so one estate's complaints split by
   * strongest word still come together (1 M: recall of the planted estate issues 0.43–0.59 without
   * this, 0.72–0.92 with it).
   */
  static final int MERGE_LIMIT = 250_000;

  static final StructType LABEL = new StructType().add("id", DataTypes.StringType, false).add("label", DataTypes.StringType, false);

  /** A cluster's member (member = true) or a complaint scored against it, for {@link #attachScores}. */
  static final StructType ROLE = new StructType().add("label", DataTypes.StringType, false).add("member", DataTypes.BooleanType, false).add("id", DataTypes.StringType, false)
      .add("t", DataTypes.createArrayType(DataTypes.StringType, false), false).add("w", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("fine", DataTypes.createArrayType(DataTypes.StringType, false), false).add("tfine", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("simhash", DataTypes.LongType, false);

  /** (u, label, score): {@link #attachScores}' output. */
  static final StructType SCORE = new StructType().add("u", DataTypes.StringType, false).add("label", DataTypes.StringType, false).add("score", DataTypes.DoubleType, false);

  /**
   * The issue clusters: {@link BlockClusterer#groups}'s three steps, each over bounded blocks.
   *
   * <ol>
   *   <li><b>Complaints that say where.</b> Blocks are the connected components of the edges between
   *       them, leaving out place conflicts (both name fine places, none shared, not reposts): such a
   *       pair is at least 1 − placeConflictFactor apart, beyond the cut, and average linkage never
   *       joins two clusters without a pair within the cut, so dropping these edges changes no
   *       cluster — but it keeps one problem's complaints at 144 estates from forming one block.
   *       Each block: average linkage, then same-place merges.
   *   <li><b>Complaints without a place.</b> Each is scored against the clusters of the complaints
   *       it has an edge to (average similarity to all members, computed in a task per cluster) and
   *       joins the best when it fits clearly. Clusters it has no edge to are at most edgeMin
   *       similar on average and cannot win.
   *   <li><b>The rest</b> (placeless, not attached): components of the edges among them, each
   *       clustered by what alone.
   * </ol>
   *
   * Every group is then described in one task ({@link BlockClusterer#describe}): cluster id,
   * centroid similarity, size, distinct texts, medoid. Returns (id, cluster, similarity, size,
   * distinct, medoid) for every item.
   */
  static Dataset<Row> clusterIssues(SparkSession spark, Dataset<Row> items, Dataset<Row> scored, BlockClusterer.Params bp, double edgeMin, int maxBlock, int[] largest) {
    return clusterIssues(spark, items, scored, bp, edgeMin, maxBlock, largest, MERGE_LIMIT);
  }

  /** As above, with the size above which a split component is merged per main place instead of whole ({@link #MERGE_LIMIT}; tests use small ones). */
  static Dataset<Row> clusterIssues(SparkSession spark, Dataset<Row> items, Dataset<Row> scored, BlockClusterer.Params bp, double edgeMin, int maxBlock, int[] largest,
      int mergeLimit) {
    Dataset<Row> edges = scored.transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> known = items.filter(expr("size(fine) > 0"));
    Dataset<Row> unknown = items.filter(expr("size(fine) = 0"));
    // 1. placed complaints: blocks → groups, labelled by their smallest member
    Dataset<Row> whole = components(spark, edges.filter(col("kind").equalTo(PLACED)), edgeMin, maxBlock, new int[1], "issue (places)", false);
    Dataset<Row> comp1 = splitBig(whole, known, maxBlock, true, largest, "issue (places)");
    Dataset<Row> blockLabels = comp1.join(known, "id").groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("comp")), Encoders.STRING())
        .flatMapGroups(groupBlock(bp, maxBlock), Encoders.row(LABEL))
        .transform(org.minqing.jobs.spark.Plans::cut);
    // components that were split: the same-place merge once more, across their blocks (bounded)
    // (a component too big for one task: across the blocks of each of its places, so that one
    // estate's complaints split by strongest word come together again)
    Dataset<Row> splitAll = whole.join(comp1.select(col("id"), col("comp").as("block"), col("area")), "id").filter(col("comp").notEqual(col("block")))
        .withColumn("n", count(lit(1)).over(Window.partitionBy("comp")))
        .select(col("id"), when(col("n").leq(mergeLimit), col("comp")).otherwise(col("area")).as("comp"), col("n"))
        .withColumn("m", count(lit(1)).over(Window.partitionBy("comp"))).transform(org.minqing.jobs.spark.Plans::cut);
    Row over = splitAll.filter(col("n").gt(mergeLimit)).agg(countDistinct("comp"), count(lit(1)), sum(when(col("m").gt(mergeLimit), 1).otherwise(0))).first();
    if (over.getLong(1) > 0) {
      LOG.info("issue (places): {} complaints in components above {}: their clusters are merged across blocks per main place ({} places), then linked across places{}",
          over.getLong(1), mergeLimit, over.getLong(0), over.isNullAt(2) || over.getLong(2) == 0 ? "" : "; " + over.getLong(2) + " complaints of places still above the limit are not merged");
    }
    Dataset<Row> split = splitAll.filter(col("m").leq(mergeLimit)).select("id", "comp");
    Dataset<Row> merged = split.join(blockLabels, "id").join(known, "id")
        .groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("comp")), Encoders.STRING())
        .flatMapGroups(mergeAcross(bp), Encoders.row(LABEL));
    Dataset<Row> placed = blockLabels.join(merged.select("id"), "id", "left_anti").unionByName(merged)
        .unionByName(known.select("id").join(comp1.select("id"), "id", "left_anti").select(col("id"), col("id").as("label")))
        .transform(org.minqing.jobs.spark.Plans::cut);
    if (over.getLong(1) > 0) {
      // components above the limit were merged per main place only: one problem told by the
      // restaurant, its road and the estate next door (老地方烧烤 / 桂花路 / 泰庭华府) is still in
      // pieces with different main places; link those pieces across places
      Dataset<Row> links = linkAcrossPlaces(spark, placed.join(splitAll.filter(col("n").gt(mergeLimit)).select("id"), "id"), known);
      placed = placed.join(links, "label", "left").select(col("id"), coalesce(col("to"), col("label")).as("label")).transform(org.minqing.jobs.spark.Plans::cut);
    }
    // 2. placeless complaints: scored against the clusters they touch, in one task per cluster
    Dataset<Row> touch = edges.filter(col("kind").equalTo(MIXED))
        .select(when(col("ua"), col("a")).otherwise(col("b")).as("u"), when(col("ua"), col("b")).otherwise(col("a")).as("k"))
        .join(placed.select(col("id").as("k"), col("label")), "k").select("u", "label").distinct();
    Dataset<Row> roles = placed.join(known, "id").select(col("label"), lit(true).as("member"), col("id"), col("t"), col("w"), col("fine"), col("tfine"), col("simhash"))
        .unionByName(touch.join(unknown.withColumnRenamed("id", "u"), "u").select(col("label"), lit(false).as("member"), col("u").as("id"), col("t"), col("w"), col("fine"), col("tfine"), col("simhash")));
    Dataset<Row> scores = spark.createDataFrame(roles.javaRDD(), ROLE)
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(attachScores(bp), Encoders.row(SCORE))
        .withColumn("placed", lit(false)); // all of them name no place
    Dataset<Row> attached = scores.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(attachDecision(bp), Encoders.row(LABEL))
        .transform(org.minqing.jobs.spark.Plans::cut);
    // 3. the rest: blocks of placeless complaints, clustered by what alone
    Dataset<Row> rest = unknown.join(attached.select("id"), "id", "left_anti");
    Dataset<Row> restIds = rest.select("id");
    Dataset<Row> restEdges = edges.filter(col("kind").equalTo(PLACELESS)).join(restIds.withColumnRenamed("id", "a"), "a").join(restIds.withColumnRenamed("id", "b"), "b");
    Dataset<Row> comp3 = splitBig(components(spark, restEdges, edgeMin, maxBlock, new int[1], "issue (no place)", false), rest, maxBlock, false, largest, "issue (no place)");
    Dataset<Row> whatOnly = comp3.join(rest, "id").groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("comp")), Encoders.STRING())
        .flatMapGroups(groupBlock(bp, maxBlock), Encoders.row(LABEL))
        .unionByName(restIds.join(comp3.select("id"), "id", "left_anti").select(col("id"), col("id").as("label")));
    // 4. place-less groups that share a name with a placed cluster place-less complaints joined
    if (java.util.Arrays.asList(items.columns()).contains("anchors")) {
      whatOnly = joinNamedToPlaced(placed.unionByName(attached), attached, whatOnly.transform(org.minqing.jobs.spark.Plans::cut), items);
    }
    // every complaint's final group → described in one task per group
    Dataset<Row> labels = placed.unionByName(attached).unionByName(whatOnly);
    return labels.join(items, "id").groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("label")), Encoders.STRING())
        .flatMapGroups(describeGroup(bp), Encoders.row(ASSIGN));
  }

  /** A group as {@link #joinNamedToPlaced} compares it: label, summed vector (terms, sums), names. */
  static final StructType NAMED = new StructType().add("label", DataTypes.StringType, false)
      .add("t", DataTypes.createArrayType(DataTypes.StringType, false), false).add("s", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("names", DataTypes.createArrayType(DataTypes.StringType, false), false);

  /**
   * {@link BlockClusterer#joinNamedToPlaced} over Spark: the placed clusters that complaints without
   * a place joined ({@code attached}: (id, label); {@code placedAll}: every member of the placed
   * clusters) and the place-less groups ({@code rest}: (id, label)) that share a name with one are
   * compared, and each place-less group joins the most alike that passes {@link BlockClusterer#sameName}.
   * Only groups holding a name are read again. Returns {@code rest} relabelled.
   */
  static Dataset<Row> joinNamedToPlaced(Dataset<Row> placedAll, Dataset<Row> attached, Dataset<Row> rest, Dataset<Row> items) {
    Dataset<Row> anchored = items.filter(expr("size(fine) = 0 and size(anchors) > 0")).select(col("id"), explode(array_distinct(col("anchors"))).as("name"));
    Dataset<Row> placedSize = placedAll.join(attached.select("label").distinct(), "label").groupBy("label").agg(count(lit(1)).as("size"));
    Dataset<Row> placedNames = names(attached, anchored, placedSize)
        .withColumn("holders", count(lit(1)).over(Window.partitionBy("name"))).filter(col("holders").leq(BlockClusterer.MAX_NAME_CLUSTERS)).drop("holders");
    Dataset<Row> restNames = names(rest, anchored, rest.groupBy("label").agg(count(lit(1)).as("size")));
    Dataset<Row> pairs = placedNames.select(col("name"), col("label").as("a")).join(restNames.select(col("name"), col("label").as("r")), "name").select("a", "r").distinct()
        .transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> candidates = placedAll.join(pairs.select(col("a").as("label")).distinct(), "label")
        .unionByName(rest.join(pairs.select(col("r").as("label")).distinct(), "label"));
    Dataset<Row> named = candidates.join(items, "id").groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("label")), Encoders.STRING())
        .mapGroups((org.apache.spark.api.java.function.MapGroupsFunction<String, Row, Row>) (label, rows) -> {
          List<BlockClusterer.Item> members = new ArrayList<>();
          while (rows.hasNext()) {
            members.add(item(rows.next()));
          }
          members.sort(java.util.Comparator.comparing(BlockClusterer.Item::id));
          java.util.TreeMap<String, Double> sum = new java.util.TreeMap<>(BlockClusterer.sum(members));
          return RowFactory.create(label, sum.keySet().toArray(new String[0]), sum.values().toArray(new Double[0]), BlockClusterer.names(members).toArray(new String[0]));
        }, Encoders.row(NAMED));
    Dataset<Row> choice = pairs.join(named.select(col("label").as("a"), col("t").as("ta"), col("s").as("sa"), col("names").as("na")), "a")
        .join(named.select(col("label").as("r"), col("t").as("tr"), col("s").as("sr"), col("names").as("nr")), "r")
        .map((MapFunction<Row, Row>) x -> RowFactory.create(x.getString(x.fieldIndex("r")), x.getString(x.fieldIndex("a")),
            BlockClusterer.sameName(sums(x.getList(x.fieldIndex("ta")), x.getList(x.fieldIndex("sa"))), sums(x.getList(x.fieldIndex("tr")), x.getList(x.fieldIndex("sr"))),
                new java.util.TreeSet<>(x.<String>getList(x.fieldIndex("na"))), new java.util.TreeSet<>(x.<String>getList(x.fieldIndex("nr"))))),
            Encoders.row(new StructType().add("r", DataTypes.StringType, false).add("to", DataTypes.StringType, false).add("sim", DataTypes.DoubleType, false)))
        .filter(col("sim").geq(0))
        .withColumn("k", row_number().over(Window.partitionBy("r").orderBy(col("sim").desc(), col("to"))))
        .filter(col("k").equalTo(1)).select(col("r").as("label"), col("to")).transform(org.minqing.jobs.spark.Plans::cut);
    long joined = choice.count();
    if (joined > 0) {
      LOG.info("issue (no place): {} groups joined a placed cluster they share a name with", joined);
    }
    return rest.join(choice, "label", "left").select(col("id"), coalesce(col("to"), col("label")).as("label"));
  }

  /** (label, name): the names that at least half of a group's members hold ({@code anchored}: (id, name) of complaints without a place; {@code size}: (label, size)). */
  private static Dataset<Row> names(Dataset<Row> labelled, Dataset<Row> anchored, Dataset<Row> size) {
    return labelled.join(anchored, "id").groupBy("label", "name").agg(count(lit(1)).as("n")).join(size, "label")
        .filter(col("n").multiply(2).geq(col("size"))).select("label", "name");
  }

  private static Map<String, Double> sums(List<String> terms, List<Double> values) {
    Map<String, Double> m = new HashMap<>(terms.size() * 2);
    for (int i = 0; i < terms.size(); i++) {
      m.put(terms.get(i), values.get(i));
    }
    return m;
  }

  /** A cluster as {@link #linkAcrossPlaces} sees it: centroid, main place, the places a tenth of it names (with counts), those a third names. */
  static final StructType CLUSTER_PLACES = new StructType().add("label", DataTypes.StringType, false)
      .add("t", DataTypes.createArrayType(DataTypes.StringType, false), false).add("w", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("main", DataTypes.StringType, true).add("size", DataTypes.IntegerType, false)
      .add("np", DataTypes.createArrayType(DataTypes.StringType, false), false).add("nc", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("dominant", DataTypes.createArrayType(DataTypes.StringType, false), false);

  /**
   * Links clusters (complaints labelled (id, label); their items in {@code known}) across their main
   * places: two clusters sharing a place that a third of one of them names are one issue when
   * {@link BlockClusterer#linkedAcrossPlaces} holds; linked clusters are connected components.
   * Returns (label, to): the component's smallest label for every linked cluster.
   */
  static Dataset<Row> linkAcrossPlaces(SparkSession spark, Dataset<Row> labelled, Dataset<Row> known) {
    Dataset<Row> clusters = labelled.join(known, "id")
        .groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex("label")), Encoders.STRING())
        .mapGroups((org.apache.spark.api.java.function.MapGroupsFunction<String, Row, Row>) (label, rows) -> {
          List<BlockClusterer.Item> members = new ArrayList<>();
          while (rows.hasNext()) {
            members.add(item(rows.next()));
          }
          BlockClusterer.Places pl = BlockClusterer.places(members);
          SparseVector c = SparseVector.normalised(BlockClusterer.sum(members));
          List<String> np = new ArrayList<>();
          List<Integer> nc = new ArrayList<>();
          List<String> dominant = new ArrayList<>();
          for (var e : new java.util.TreeMap<>(pl.named()).entrySet()) {
            if (e.getValue() * 10 > members.size()) {
              np.add(e.getKey());
              nc.add(e.getValue());
            }
            if (e.getValue() * 3 >= members.size()) {
              dominant.add(e.getKey());
            }
          }
          return RowFactory.create(label, c.terms(), boxed(c.weights()), pl.main(), members.size(), np.toArray(new String[0]), nc.toArray(new Integer[0]),
              dominant.toArray(new String[0]));
        }, Encoders.row(CLUSTER_PLACES))
        .transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> keys = clusters.select(col("label"), explode(col("dominant")).as("key"))
        .withColumn("n", count(lit(1)).over(Window.partitionBy("key"))).filter(col("n").leq(MAX_POSTINGS)).drop("n");
    Dataset<Row> pairs = keys.select(col("key"), col("label").as("a")).join(keys.select(col("key"), col("label").as("b")), "key")
        .filter(col("a").lt(col("b"))).select("a", "b").distinct();
    Dataset<Row> a = clusters.select(col("label").as("a"), col("t").as("ta"), col("w").as("wa"), col("main").as("ma"), col("size").as("sa"), col("np").as("npa"), col("nc").as("nca"));
    Dataset<Row> b = clusters.select(col("label").as("b"), col("t").as("tb"), col("w").as("wb"), col("main").as("mb"), col("size").as("sb"), col("np").as("npb"), col("nc").as("ncb"));
    Dataset<Row> linked = pairs.join(a, "a").join(b, "b")
        .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> {
          double sim = item("a", r.getList(r.fieldIndex("ta")), r.getList(r.fieldIndex("wa")), List.of(), List.of(), 0L).vector()
              .dot(item("b", r.getList(r.fieldIndex("tb")), r.getList(r.fieldIndex("wb")), List.of(), List.of(), 0L).vector());
          return BlockClusterer.linkedAcrossPlaces(r.getAs("ma"), r.getAs("mb"), sim, counts(r.getList(r.fieldIndex("npa")), r.getList(r.fieldIndex("nca"))), r.getInt(r.fieldIndex("sa")),
              counts(r.getList(r.fieldIndex("npb")), r.getList(r.fieldIndex("ncb"))), r.getInt(r.fieldIndex("sb")));
        })
        .select("a", "b").transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> links = ConnectedComponents.of(spark, linked).select(col("id").as("label"), col("comp").as("to")).transform(org.minqing.jobs.spark.Plans::cut);
    Row n = links.agg(count(lit(1)), countDistinct("to")).first();
    LOG.info("issue (places): {} clusters of components above the merge limit linked across places into {}", n.getLong(0), n.getLong(1));
    return links;
  }

  private static Map<String, Integer> counts(List<String> places, List<Integer> n) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < places.size(); i++) {
      m.put(places.get(i), n.get(i));
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  static BlockClusterer.Item item(String id, List<?> terms, List<?> weights, List<?> fine, List<?> subject, Object simhash) {
    String[] t = ((List<String>) terms).toArray(new String[0]);
    float[] w = new float[t.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = ((Number) weights.get(i)).floatValue();
    }
    return new BlockClusterer.Item(id, new SparseVector(t, w), (List<String>) fine, (List<String>) subject, simhash == null ? 0L : (Long) simhash, 1.0);
  }

  /**
   * A complaint's term frequencies for the keywords: each place-masked feature, plus once more for
   * each title feature among them (the title counts twice). A hash map per complaint: the same
   * counts as exploding {@code concat(masked, filter(title, x -> array_contains(masked, x)))} and
   * grouping by complaint and term, without the quadratic {@code array_contains} and the extra
   * aggregation (on the 1 M bench lake's incremental night the step took 14.4 s that way, 5.5 s with
   * this; 6.7 s before the per-complaint counts existed).
   */
  static Map<String, Integer> termFrequencies(List<String> masked, List<String> title) {
    Map<String, Integer> tf = new HashMap<>();
    for (String f : masked) {
      tf.merge(f, 1, Integer::sum);
    }
    for (String f : title) {
      tf.computeIfPresent(f, (k, v) -> v + 1);
    }
    return tf;
  }

  static final org.apache.spark.sql.expressions.UserDefinedFunction TERM_FREQUENCIES = org.apache.spark.sql.functions.udf(
      (org.apache.spark.sql.api.java.UDF2<scala.collection.Seq<String>, scala.collection.Seq<String>, Map<String, Integer>>) (masked, title) ->
          termFrequencies(masked == null ? List.of() : scala.jdk.javaapi.CollectionConverters.asJava(masked),
              title == null ? List.of() : scala.jdk.javaapi.CollectionConverters.asJava(title)),
      DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false)).asNonNullable();

  /**
   * An issue's terms for {@link #topTerms}: (issue_id, term, tf, spread, shared) from the clusters' term counts
   * (cluster, term, tf, nd: complaints using it) and the issue of each member (cluster, issue_id),
   * spread being the square root of the share of the issue's complaints that use the term, shared
   * whether at least two of them use it (or the issue has one complaint).
   */
  static Dataset<Row> issueTerms(Dataset<Row> termCounts, Dataset<Row> members) {
    return termCounts.join(members.select("cluster", "issue_id").distinct(), "cluster")
        .groupBy("issue_id", "term").agg(sum("tf").as("tf"), sum("nd").as("nd"))
        .join(members.groupBy("issue_id").agg(count(lit(1)).as("size")), "issue_id")
        .withColumn("spread", expr("sqrt(nd / size)"))
        .withColumn("shared", col("nd").geq(2).or(col("size").equalTo(1))).drop("nd", "size");
  }

  /**
   * Top 8 terms per class by tf × ln(1 + A / f_t) (× spread when given); input (class, term, tf[,
   * spread][, shared]). With {@code shared}, the words at least two of an issue's complaints use come
   * first: a rare word one complaint happens to use (众说纷纭, 放在, 问问) scores high on its rarity
   * and used to fill an issue's label.
   */
  static Dataset<Row> topTerms(Dataset<Row> classTerms, Dataset<Row> termTotals, double avgPerClass, String classCol) {
    boolean spread = java.util.Arrays.asList(classTerms.columns()).contains("spread");
    boolean shared = java.util.Arrays.asList(classTerms.columns()).contains("shared");
    return classTerms.join(termTotals, "term")
        .withColumn("score", col("tf").multiply(expr("ln(1 + " + avgPerClass + " / ft)")).multiply(spread ? col("spread") : lit(1.0)))
        .withColumn("r", row_number().over(Window.partitionBy(classCol).orderBy(shared ? col("shared").desc() : lit(true), col("score").desc(), col("term"))))
        .filter(col("r").leq(8))
        .groupBy(classCol).agg(expr("transform(sort_array(collect_list(struct(r, term))), x -> x.term)").as("keywords"));
  }

  static String hashId(String prefix, String seed) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(prefix);
      for (int i = 0; i < 5; i++) {
        sb.append(String.format("%02x", h[i]));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ functions shipped to executors

  /** Complaint → TF-IDF vectors (all features; place-masked features) and candidate terms. */
  static final class Vectorize implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Map<String, Long>> df;
    private final long n;
    private final double titleWeight;
    private final int candidates;
    final long maxDf;
    private final long anchorMaxDf;

    Vectorize(Broadcast<Map<String, Long>> df, long n, double titleWeight, int candidates, long maxDf, long anchorMaxDf) {
      this.df = df;
      this.n = n;
      this.titleWeight = titleWeight;
      this.candidates = candidates;
      this.maxDf = maxDf;
      this.anchorMaxDf = anchorMaxDf;
    }

    @Override
    public Row call(Row r) {
      Map<String, Long> d = df.value();
      List<String> features = r.getList(r.fieldIndex(Tokens.FEATURES));
      List<String> title = r.getList(r.fieldIndex(Tokens.TITLE_FEATURES));
      List<String> masked = r.getList(r.fieldIndex(Tokens.MASKED_FEATURES));
      java.util.Set<String> maskedSet = new java.util.HashSet<>(masked);
      Map<String, Double> tf = new HashMap<>();
      Map<String, Double> mtf = new HashMap<>();
      for (String f : features) {
        tf.merge(f, 1.0, Double::sum);
      }
      for (String f : masked) {
        mtf.merge(f, 1.0, Double::sum);
      }
      for (String f : title) {
        tf.merge(f, titleWeight - 1, Double::sum);
        if (maskedSet.contains(f)) {
          mtf.merge(f, titleWeight - 1, Double::sum);
        }
      }
      SparseVector full = SparseVector.normalised(weigh(tf, d));
      SparseVector what = SparseVector.normalised(weigh(mtf, d));
      // the pattern vector: the title's what counts most, and only the strongest terms are kept, so a
      // long body full of context (孩子上学, 开发商, 验收) does not drown the problem itself
      Map<String, Double> ptf = new HashMap<>();
      for (String f : masked) {
        ptf.merge(f, 1.0, Double::sum);
      }
      for (String f : title) {
        if (maskedSet.contains(f)) {
          ptf.merge(f, PATTERN_TITLE_WEIGHT - 1, Double::sum);
        }
      }
      Map<String, Double> pw = weigh(ptf, d);
      Map<String, Double> kept = new HashMap<>();
      for (String term : SparseVector.normalised(pw).top(PATTERN_TERMS)) {
        kept.put(term, pw.get(term));
      }
      SparseVector pattern = SparseVector.normalised(kept);
      // candidate terms: the most distinctive words that at least one other complaint shares
      Map<String, Double> shareable = new HashMap<>();
      for (int i = 0; i < full.size(); i++) {
        long f = d.getOrDefault(full.terms()[i], 1L);
        if (f >= 2 && f <= maxDf) {
          shareable.put(full.terms()[i], (double) full.weights()[i]);
        }
      }
      List<String> cand = new ArrayList<>(SparseVector.normalised(shareable).top(candidates));
      List<String> places = new ArrayList<>();
      for (String c : new String[] {"estate", "community"}) {
        if (!r.isNullAt(r.fieldIndex(c))) {
          places.add(r.getAs(c));
        }
      }
      String t = r.getAs("title");
      List<String> inTitle = new ArrayList<>(PlaceKeys.inTitle(t));
      for (String pl : r.<String>getList(r.fieldIndex(Tokens.PLACES))) {
        if (t != null && t.contains(pl)) {
          inTitle.add(pl);
        }
      }
      places.addAll(inTitle);
      places.addAll(r.getList(r.fieldIndex(Tokens.PLACES)));
      places.addAll(PlaceKeys.inBody(r.getAs("text")));
      List<String> names = new ArrayList<>();
      for (String x : inTitle) {
        if (PlaceKeys.core(x) != null && !names.contains(x)) {
          names.add(x);
        }
      }
      // composite keys, for words too common to be keys alone (in generated or very large data,
      // most words): one of its 3 strongest what-words at its main place, and its 2 strongest together
      List<String> whatTop = what.top(KEY_WORDS);
      List<String> fine = PlaceKeys.fine(places);
      if (!fine.isEmpty()) {
        for (String w : whatTop) {
          cand.add(fine.get(0) + "|" + w);
        }
      }
      if (whatTop.size() >= 2) {
        String x = whatTop.get(0);
        String y = whatTop.get(1);
        cand.add(x.compareTo(y) < 0 ? x + "+" + y : y + "+" + x);
      }
      List<String> anchors = new ArrayList<>();
      if (fine.isEmpty()) {
        for (String w : what.top(ANCHOR_TERMS)) {
          long f = d.getOrDefault(w, 1L);
          if (f >= 2 && f <= anchorMaxDf) {
            anchors.add(w);
          }
        }
      }
      return RowFactory.create(r.getAs("id"), full.terms(), boxed(full.weights()), what.terms(), boxed(what.weights()), fine.toArray(new String[0]),
          PlaceKeys.fine(inTitle).toArray(new String[0]), names.toArray(new String[0]), pattern.terms(), boxed(pattern.weights()),
          r.getAs(Tokens.SIMHASH), cand.toArray(new String[0]), anchors.toArray(new String[0]));
    }

    private Map<String, Double> weigh(Map<String, Double> tf, Map<String, Long> d) {
      Map<String, Double> w = new HashMap<>();
      for (var e : tf.entrySet()) {
        double idf = Math.log((n + 1.0) / (d.getOrDefault(e.getKey(), 1L) + 1.0)) + 1;
        w.put(e.getKey(), (1 + Math.log(e.getValue())) * idf);
      }
      return w;
    }
  }

  /** An issue's label names its first place when at least 1 / LABEL_PLACE_SHARE of its complaints name it. */
  static final int LABEL_PLACE_SHARE = 4;

  static Double[] boxed(float[] w) {
    Double[] out = new Double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = (double) w[i];
    }
    return out;
  }

  /** One connected component → its clusters' assignments (sliced when it exceeds maxBlock). */
  static FlatMapGroupsFunction<String, Row, Row> clusterBlock(BlockClusterer.Params bp, int maxBlock) {
    return (key, rows) -> inSlices(rows, maxBlock, slice -> {
      List<Row> out = new ArrayList<>(slice.size());
      for (BlockClusterer.Assignment a : new BlockClusterer(bp).cluster(slice)) {
        out.add(RowFactory.create(a.id(), a.cluster(), a.similarity(), a.clusterSize(), a.distinct(), a.medoid()));
      }
      return out;
    }).iterator();
  }

  /** A block's rows → its items sorted by id, handed to {@code f} in slices of at most maxBlock; f's rows, in order. */
  static List<Row> inSlices(Iterator<Row> rows, int maxBlock, java.util.function.Function<List<BlockClusterer.Item>, List<Row>> f) {
    List<BlockClusterer.Item> items = new ArrayList<>();
    while (rows.hasNext()) {
      items.add(item(rows.next()));
    }
    items.sort(java.util.Comparator.comparing(BlockClusterer.Item::id));
    List<Row> out = new ArrayList<>(items.size());
    for (int from = 0; from < items.size(); from += maxBlock) {
      out.addAll(f.apply(items.subList(from, Math.min(items.size(), from + maxBlock))));
    }
    return out;
  }

  static BlockClusterer.Item item(Row r) {
    BlockClusterer.Item it = item(r.getAs("id"), r.getList(r.fieldIndex("t")), r.getList(r.fieldIndex("w")), r.getList(r.fieldIndex("fine")), r.getList(r.fieldIndex("tfine")),
        r.getAs("simhash"));
    scala.Option<Object> a = r.schema().getFieldIndex("anchors");
    if (a.isEmpty() || r.isNullAt((Integer) a.get())) {
      return it;
    }
    List<String> anchors = r.getList((Integer) a.get());
    return anchors.isEmpty() ? it : new BlockClusterer.Item(it.id(), it.vector(), it.places(), it.subjectPlaces(), it.simhash(), it.mass(), List.copyOf(anchors));
  }

  /** One block → (id, label) of its {@link BlockClusterer#groups}, the label being the group's smallest id (sliced past maxBlock). */
  static FlatMapGroupsFunction<String, Row, Row> groupBlock(BlockClusterer.Params bp, int maxBlock) {
    return (key, rows) -> inSlices(rows, maxBlock, slice -> {
      List<Row> out = new ArrayList<>(slice.size());
      for (List<BlockClusterer.Item> g : new BlockClusterer(bp).groups(slice)) {
        for (BlockClusterer.Item it : g) {
          out.add(RowFactory.create(it.id(), g.get(0).id()));
        }
      }
      return out;
    }).iterator();
  }

  /** A split component's complaints with their block labels → labels after the same-place merge across blocks. */
  static FlatMapGroupsFunction<String, Row, Row> mergeAcross(BlockClusterer.Params bp) {
    return (comp, rows) -> {
      Map<String, List<BlockClusterer.Item>> groups = new java.util.TreeMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        groups.computeIfAbsent(r.getAs("label"), k -> new ArrayList<>()).add(item(r));
      }
      List<Row> out = new ArrayList<>();
      for (List<BlockClusterer.Item> g : new BlockClusterer(bp).mergeGroups(new ArrayList<>(groups.values()))) {
        for (BlockClusterer.Item it : g) {
          out.add(RowFactory.create(it.id(), g.get(0).id()));
        }
      }
      return out.iterator();
    };
  }

  /** One placed cluster (members) and the placeless complaints that touch it → (u, label, average similarity). */
  static FlatMapGroupsFunction<String, Row, Row> attachScores(BlockClusterer.Params bp) {
    return (label, rows) -> {
      List<BlockClusterer.Item> members = new ArrayList<>();
      List<BlockClusterer.Item> candidates = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        (r.getBoolean(1) ? members : candidates).add(item(r));
      }
      double[] scores = new BlockClusterer(bp).attachScores(candidates, members);
      List<Row> out = new ArrayList<>(candidates.size());
      for (int c = 0; c < scores.length; c++) {
        out.add(RowFactory.create(candidates.get(c).id(), label, scores[c]));
      }
      return out.iterator();
    };
  }

  /**
   * A complaint's scores against the clusters it touches, (u, label, score, placed) → (u, label)
   * of the best within the cut. One that names no place (placed false) needs a clear lead
   * ({@link BlockClusterer#ATTACH_MARGIN}).
   */
  static FlatMapGroupsFunction<String, Row, Row> attachDecision(BlockClusterer.Params bp) {
    return (u, rows) -> {
      List<Row> l = new ArrayList<>();
      rows.forEachRemaining(l::add);
      l.sort(java.util.Comparator.comparing((Row r) -> r.getString(1)));
      double[] scores = new double[l.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = l.get(i).getDouble(2);
      }
      boolean placed = l.get(0).getBoolean(3);
      int c = new BlockClusterer(bp).attachTo(scores, placed ? 0 : BlockClusterer.ATTACH_MARGIN);
      return c < 0 ? java.util.Collections.emptyIterator() : List.of(RowFactory.create(u, l.get(c).getString(1))).iterator();
    };
  }

  /** A final group → its members' assignments ({@link BlockClusterer#describe}). */
  static FlatMapGroupsFunction<String, Row, Row> describeGroup(BlockClusterer.Params bp) {
    return (label, rows) -> {
      List<BlockClusterer.Item> g = new ArrayList<>();
      while (rows.hasNext()) {
        g.add(item(rows.next()));
      }
      List<Row> out = new ArrayList<>(g.size());
      for (BlockClusterer.Assignment a : new BlockClusterer(bp).describe(g)) {
        out.add(RowFactory.create(a.id(), a.cluster(), a.similarity(), a.clusterSize(), a.distinct(), a.medoid()));
      }
      return out.iterator();
    };
  }

  /** A cluster's members → its place-masked centroid, its main place, candidate terms. */
  static final class Centroid implements org.apache.spark.api.java.function.MapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(String cluster, Iterator<Row> rows) {
      Map<String, Double> acc = new HashMap<>();
      Map<String, Integer> placeCount = new LinkedHashMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        BlockClusterer.Item it = item(r.getAs("id"), r.getList(r.fieldIndex("mt")), r.getList(r.fieldIndex("mw")), List.of(), List.of(), 0L);
        it.vector().addTo(acc, 1.0);
        List<String> fine = r.getList(r.fieldIndex("fine"));
        for (String f : fine) {
          placeCount.merge(f, 1, Integer::sum);
        }
      }
      SparseVector c = SparseVector.normalised(acc);
      String anchor = placeCount.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      List<String> cand = c.top(5);
      return RowFactory.create(cluster, c.terms(), boxed(c.weights()), anchor == null ? new String[0] : new String[] {anchor}, 0L, cand.toArray(new String[0]));
    }
  }

  /**
   * (key, days): the received days of each {@code key} group with how many rows fell on each,
   * (day, n) in date order; {@link #days} repeats each day n times in Java, so the rows' million
   * date strings are neither copied into arrays nor parsed one by one. Built from per-day counts: a
   * {@code collect_list("day")} next to the distinct counts of the same aggregation ran as a
   * sort-based aggregation that copied the growing list for every row, quadratic in the group's size
   * (60 s for the issue rows at 10 M, whose largest issue holds 97,000 complaints).
   */
  static Dataset<Row> daysOf(Dataset<Row> rows, String key) {
    return rows.groupBy(col(key), col("day")).agg(count(lit(1)).as("n"))
        .groupBy(key).agg(expr("sort_array(collect_list(struct(day, n)))").as("days"));
  }

  /** The {@code days} column of an aggregated row ({@link #daysOf}) as one received date per row, in date order. */
  static List<LocalDate> days(Row r) {
    List<LocalDate> days = new ArrayList<>();
    for (Row dn : r.<Row>getList(r.fieldIndex("days"))) {
      LocalDate d = LocalDate.parse(dn.getString(0));
      for (long k = dn.getLong(1); k > 0; k--) {
        days.add(d);
      }
    }
    return days;
  }

  static Integer[] boxed(int[] a) {
    Integer[] out = new Integer[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /**
   * An issue shows at most its five most named places. (Filling the list back up to five from the
   * places named less, after leaving out repeated spellings, was tried: the places named once or
   * twice are mostly the segmenter's slips — 做小区, 以旧城, 小孩过街 on 附件3.)
   */
  static final int SHOWN_PLACES = 5;

  /**
   * The places an issue shows, most named first: a place that is the same as one already shown (one
   * core holds the other, as when complaints are compared: 丽发小区 and 丽发新城, 东路魅力之城 and
   * 魅力之城小区, the segmentation slip 景园滨河苑 of 伊景园滨河苑) is left out, so the list names
   * different places rather than five spellings of one.
   */
  static List<String> shownPlaces(List<String> ranked, int max) {
    List<String> shown = new ArrayList<>();
    List<String> cores = new ArrayList<>();
    for (String p : ranked) {
      String c = PlaceKeys.core(p);
      if (c == null || shown.contains(p)) {
        continue;
      }
      boolean same = false;
      for (String k : cores) {
        same |= PlaceKeys.sameCore(k, c);
      }
      if (!same) {
        shown.add(p);
        cores.add(c);
        if (shown.size() == max) {
          break;
        }
      }
    }
    return shown;
  }

  /**
   * An issue's label: its place (or none) + "：" + its first three words, leaving out words that are
   * part of the name of the place or of another of the issue's places — the segmenter splits a name
   * it does not know (民政职业技术学院 → 职业/技术/学院), and "职业技术学院：职业、学院、技术" says
   * nothing the place did not; 劳动 of 劳动东路 is no problem of 魅力之城小区. The three words say
   * three things ({@link #labelWords}).
   */
  static String label(String place, List<String> words, List<String> places) {
    List<String> kept = new ArrayList<>();
    for (String w : words) {
      if ((place == null || !place.contains(w)) && places.stream().noneMatch(x -> x.contains(w))) {
        kept.add(w);
      }
    }
    String what = String.join("、", labelWords(kept.isEmpty() ? words : kept, 3));
    return place == null ? what : place + "：" + what;
  }

  /**
   * The first {@code k} words, leaving out a word that is part of one already taken (拖欠工资、员工、
   * ~~工资~~; 夜间施工、工地、~~施工~~): a label of three words should say three things. A word that
   * holds an earlier one stays: it says more (新政、人才、人才购房补贴; dropping it gave 新政、人才、研究生).
   */
  static List<String> labelWords(List<String> words, int k) {
    List<String> out = new ArrayList<>();
    for (String w : words) {
      if (out.size() == k) {
        break;
      }
      if (out.stream().noneMatch(x -> x.contains(w))) {
        out.add(w);
      }
    }
    return out;
  }

  /** Aggregated issue → a row of {@code issues}. */
  static final class IssueRow implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final LocalDate runDate;
    private final String runId;

    IssueRow(LocalDate runDate, String runId) {
      this.runDate = runDate;
      this.runId = runId;
    }

    @Override
    public Row call(Row r) {
      List<LocalDate> days = days(r);
      int[] weekly = Trend.weekly(days, runDate, Trend.WEEKS);
      double growth = Trend.growth(days, runDate);
      int last14 = 0;
      for (LocalDate d : days) {
        long back = java.time.temporal.ChronoUnit.DAYS.between(d, runDate);
        if (back >= 0 && back < 14) {
          last14++;
        }
      }
      List<String> kw = r.isNullAt(r.fieldIndex("keywords")) ? List.of() : r.getList(r.fieldIndex("keywords"));
      List<String> places = r.isNullAt(r.fieldIndex("places")) ? List.of() : r.getList(r.fieldIndex("places"));
      // An issue of a pattern leads with the pattern's problem word (房产证): class-based TF-IDF
      // ranks it low because every estate's issue shares it, but it is what a reader needs first.
      List<String> pkw = r.isNullAt(r.fieldIndex("pattern_keywords")) ? List.of() : r.getList(r.fieldIndex("pattern_keywords"));
      java.util.LinkedHashSet<String> lead = new java.util.LinkedHashSet<>();
      if (!pkw.isEmpty()) {
        lead.add(pkw.get(0));
      }
      lead.addAll(kw);
      // the label leads with the issue's place only when a fourth of its complaints name it: one
      // message naming 昆明 does not make eight about the talent subsidy an issue of 昆明 (附件3)
      long leadNamed = r.isNullAt(r.fieldIndex("lead_named")) ? 0 : r.<Long>getAs("lead_named");
      boolean withPlace = !places.isEmpty() && leadNamed * LABEL_PLACE_SHARE >= r.<Long>getAs("complaints");
      String label = label(withPlace ? places.get(0) : null, new ArrayList<>(lead), places);
      places = shownPlaces(places, SHOWN_PLACES);
      long hc = r.getAs("h_complaints");
      long hp = r.getAs("h_people");
      double heat = Trend.heat(hc, hp, r.<Long>getAs("h_support"));
      LocalDate first = LocalDate.parse(r.getAs("first_seen"));
      LocalDate last = LocalDate.parse(r.getAs("last_seen"));
      List<String> merged = r.isNullAt(r.fieldIndex("merged")) ? List.of() : r.getList(r.fieldIndex("merged"));
      Integer[] wk = boxed(weekly);
      // column order of Tables.ISSUES
      return RowFactory.create(r.getAs("issue_id"), 0, label, kw.toArray(new String[0]), places.toArray(new String[0]), r.getAs("representative_id"), r.getAs("representative_title"),
          r.<Long>getAs("complaints"), r.<Integer>getAs("distinct_texts"), r.<Long>getAs("complainants"), r.<Long>getAs("likes"), r.<Long>getAs("co_signers"),
          r.getAs("first_seen"), r.getAs("last_seen"), wk, growth, Trend.burst(weekly), heat, Trend.status(first, last, growth, last14, runDate), r.getAs("pattern_id"),
          merged.stream().sorted().toArray(String[]::new), r.getAs("split_from"), runId, runDate.toString());
    }
  }

  /** Aggregated pattern → a row of {@code patterns}. */
  static final class PatternRow implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final LocalDate runDate;
    private final String runId;

    PatternRow(LocalDate runDate, String runId) {
      this.runDate = runDate;
      this.runId = runId;
    }

    @Override
    public Row call(Row r) {
      Integer[] wk = boxed(Trend.weekly(days(r), runDate, Trend.WEEKS));
      List<String> kw = r.isNullAt(r.fieldIndex("keywords")) ? List.of() : r.getList(r.fieldIndex("keywords"));
      List<String> places = r.getList(r.fieldIndex("places"));
      String label = String.join("、", labelWords(kw, 3)) + "（" + places.size() + " 处）";
      List<String> merged = r.isNullAt(r.fieldIndex("merged")) ? List.of() : r.getList(r.fieldIndex("merged"));
      return RowFactory.create(r.getAs("pattern_id"), 0, label, kw.toArray(new String[0]), r.getList(r.fieldIndex("issue_ids")).toArray(new String[0]), places.toArray(new String[0]),
          places.size(), r.<Long>getAs("complaints"), r.<Long>getAs("households"), r.<Long>getAs("likes"), r.getAs("first_seen"), r.getAs("last_seen"), wk,
          Math.round(r.<Double>getAs("heat") * 1000) / 1000.0, r.getList(r.fieldIndex("titles")).toArray(new String[0]), merged.stream().sorted().toArray(String[]::new), runId,
          runDate.toString());
    }
  }
}
