package org.minqing.jobs.nlp;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.Complaints;
import org.minqing.datasets.schema.Tables.Tokens;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.lake.LakeWriter;
import org.minqing.jobs.spark.SparkSchemas;
import org.minqing.nlp.ComplaintAnalyzer;
import org.minqing.nlp.Keywords;
import org.minqing.nlp.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tokenize} stage: {@code complaints} partitions → {@code tokens} partitions.
 *
 * <p>Each task uses its JVM's one {@link ComplaintAnalyzer} (built on first use, HanLP's own
 * threads off), so analysis scales with cores. Keywords are TF-IDF over the features, the title
 * counted twice (it is the complainant's own summary), against document frequencies of every
 * complaint in the lake, counted in Spark and broadcast for the words in two or more complaints
 * (bounded by the language's vocabulary, see {@link #keywords}). A touched partition is recomputed
 * whole from its complaints.
 */
public final class TokenizeJob {
  private static final Logger LOG = LoggerFactory.getLogger(TokenizeJob.class);

  /**
   * @param analysisSeconds time of the analysis step alone (segment, places, features, fingerprint)
   * @param seconds the whole stage, with keywords and the partitioned write
   */
  public record Result(long complaints, long chars, double analysisSeconds, double seconds, List<String> partitions) {
    public double charsPerSecond() {
      return chars / Math.max(seconds, 1e-3);
    }

    public double analysisCharsPerSecond() {
      return chars / Math.max(analysisSeconds, 1e-3);
    }
  }

  static final StructType ANALYZED =
      new StructType()
          .add(Tokens.COMPLAINT_ID, DataTypes.StringType, false)
          .add(Tokens.WORDS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(Tokens.POS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(Tokens.TITLE_FEATURES, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(Tokens.FEATURES, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(Tokens.MASKED_FEATURES, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(Tokens.PLACES, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(Tokens.SIMHASH, DataTypes.LongType, false)
          .add(Tokens.TEXT_CHARS, DataTypes.IntegerType, false)
          .add(Tokens.DT, DataTypes.StringType, false);

  private TokenizeJob() {}

  /**
   * Tokenizes the complaints of the date partitions {@code dts}. Keywords weigh words by their
   * document frequencies over the tokenized partitions and the other {@code tokens} partitions from
   * {@code keywordsWindowDays} before the earliest of {@code dts} up to the latest (0: all of them).
   */
  public static Result run(SparkSession spark, Lake lake, String runId, Collection<String> dts, List<String> userDictionaries, int keywords, int keywordsWindowDays) {
    long t0 = System.nanoTime();
    spark.sparkContext().setJobGroup("tokenize", "minqing tokenize " + runId, false);
    if (dts.isEmpty()) {
      return new Result(0, 0, 0, 0, List.of());
    }
    LongAccumulator chars = spark.sparkContext().longAccumulator("tokenize_chars");
    Dataset<Row> complaints = spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString())
        .filter(col(Complaints.DT).isin(dts.toArray()))
        .select(Complaints.COMPLAINT_ID, Complaints.TITLE, Complaints.TEXT, Complaints.DT);
    // Small date partitions are packed into few read splits; spread the rows so every core has work
    // (4 tasks per core keeps the tail short; analysis costs far more than the shuffle).
    int tasks = Math.max(1, 4 * spark.sparkContext().defaultParallelism());
    Dataset<Row> analyzed = analyze(complaints.repartition(tasks, col(Complaints.COMPLAINT_ID)), userDictionaries, chars).persist(StorageLevel.MEMORY_AND_DISK());
    long ta = System.nanoTime();
    long n = analyzed.count();
    double analysisSecs = (System.nanoTime() - ta) / 1e9;

    Dataset<Row> others = lake.hasTable(Tables.TOKENS.name())
        ? spark.read().schema(SparkSchemas.of(Tables.TOKENS)).parquet(lake.table(Tables.TOKENS.name()).toString())
            .filter(corpusWindow(dts, keywordsWindowDays).and(col(Tokens.DT).isin(dts.toArray()).unary_$bang())).select(Tokens.FEATURES)
        : spark.createDataFrame(List.of(), new StructType().add(Tokens.FEATURES, DataTypes.createArrayType(DataTypes.StringType)));
    Dataset<Row> withKeywords = keywords(analyzed, others.unionByName(analyzed.select(Tokens.FEATURES)), keywords)
        .withColumn(Tokens.RUN_ID, lit(runId));
    List<String> written = LakeWriter.replacePartitions(spark, lake, runId, Tables.TOKENS, withKeywords, dts, Tokens.COMPLAINT_ID);
    analyzed.unpersist();
    double secs = (System.nanoTime() - t0) / 1e9;
    return new Result(n, chars.value(), analysisSecs, secs, written);
  }

  /**
   * The {@code tokens} partitions that count for the keywords' document frequencies: from
   * {@code windowDays} before the earliest of {@code dts} to the latest (a filter on the partition
   * column, so the others are not read); everything when {@code windowDays} is 0.
   */
  static org.apache.spark.sql.Column corpusWindow(Collection<String> dts, int windowDays) {
    List<String> dated = dts.stream().filter(d -> d.matches("\\d{4}-\\d{2}-\\d{2}")).sorted().toList();
    if (windowDays <= 0 || dated.isEmpty()) {
      return lit(true);
    }
    String from = java.time.LocalDate.parse(dated.get(0)).minusDays(windowDays).toString();
    String to = dated.get(dated.size() - 1);
    // the partition of complaints without a date is small and counts always
    return col(Tokens.DT).between(from, to).or(col(Tokens.DT).rlike("^\\D"));
  }

  /** Runs the analyzer over complaints (complaint_id, title, text, dt); one analyzer per JVM. */
  public static Dataset<Row> analyze(Dataset<Row> complaints, List<String> userDictionaries, LongAccumulator chars) {
    return complaints.mapPartitions(new Analyze(List.copyOf(userDictionaries), chars), Encoders.row(ANALYZED));
  }

  /** Most document frequencies sent to the executors; rarer words beyond it count as df = 1. */
  public static final int MAX_VOCABULARY = 2_000_000;

  /**
   * Adds {@code keywords}: per complaint the {@code k} features with the highest
   * tf × ln((N+1)/(df+1)), tf counting title features twice, ties by first position then by word
   * ({@link Keywords#top}). Document frequencies are counted over {@code corpus} in Spark; those of
   * words in at least two complaints (at most {@link #MAX_VOCABULARY}, the most frequent first) are
   * broadcast — a bound set by the language's vocabulary, not by the number of complaints — and a
   * word not among them has df = 1, which is exact for a word seen once.
   */
  public static Dataset<Row> keywords(Dataset<Row> analyzed, Dataset<Row> corpus, int k) {
    SparkSession spark = analyzed.sparkSession();
    Dataset<Row> df = corpus.select(explode(array_distinct(col(Tokens.FEATURES))).as("word")).groupBy("word").agg(count(lit(1)).as("df"))
        .filter(col("df").geq(2));
    Map<String, Long> dfMap = new java.util.HashMap<>();
    for (Row r : df.orderBy(col("df").desc(), col("word")).limit(MAX_VOCABULARY).collectAsList()) {
      dfMap.put(r.getString(0), r.getLong(1));
    }
    long docs = corpus.count();
    LOG.debug("keywords: {} documents, {} words in ≥ 2 of them broadcast", docs, dfMap.size());
    var bc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(dfMap);
    // A column function over the two feature columns: the other columns (words, tags, places) stay
    // in Spark's binary rows instead of going through Row objects and back (the keyword step took
    // about as long as the sorted write before).
    var top = org.apache.spark.sql.functions.udf(
        (org.apache.spark.sql.api.java.UDF2<scala.collection.Seq<String>, scala.collection.Seq<String>, List<String>>) (features, titleFeatures) -> {
          Map<String, Long> m = bc.value();
          return Keywords.top(scala.jdk.javaapi.CollectionConverters.asJava(features), scala.jdk.javaapi.CollectionConverters.asJava(titleFeatures),
              w -> m.getOrDefault(w, 1L), docs, k);
        },
        DataTypes.createArrayType(DataTypes.StringType, false)).asNonNullable();
    return analyzed.withColumn(Tokens.KEYWORDS, top.apply(col(Tokens.FEATURES), col(Tokens.TITLE_FEATURES)));
  }

  /** The JVM's analyzer for these user dictionaries (the shared one when there are none). */
  public static ComplaintAnalyzer analyzerFor(List<String> userDictionaries) {
    return Analyze.analyzer(userDictionaries);
  }

  /** Analyzes a partition's complaints with the JVM's shared analyzer. */
  static final class Analyze implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final Map<List<String>, ComplaintAnalyzer> WITH_USER_DICTS = new ConcurrentHashMap<>();
    private final List<String> userDictionaries;
    private final LongAccumulator chars;

    Analyze(List<String> userDictionaries, LongAccumulator chars) {
      this.userDictionaries = userDictionaries;
      this.chars = chars;
    }

    static ComplaintAnalyzer analyzer(List<String> userDictionaries) {
      if (userDictionaries.isEmpty()) {
        return ComplaintAnalyzer.shared();
      }
      return WITH_USER_DICTS.computeIfAbsent(userDictionaries, l -> ComplaintAnalyzer.create(l.stream().map(Path::of).toList()));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      ComplaintAnalyzer a = analyzer(userDictionaries);
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
          ComplaintAnalyzer.Analysis x = a.analyze(title, text);
          int n = (title == null ? 0 : title.length()) + (text == null ? 0 : text.length());
          chars.add(n);
          String[] words = new String[x.tokens().size()];
          String[] pos = new String[words.length];
          for (int i = 0; i < words.length; i++) {
            Token t = x.tokens().get(i);
            words[i] = t.word();
            pos[i] = t.pos();
          }
          return RowFactory.create(r.getString(0), words, pos, x.titleFeatures().toArray(new String[0]), x.features().toArray(new String[0]),
              x.maskedFeatures().toArray(new String[0]), x.places().toArray(new String[0]), x.simhash(), n, r.getString(3));
        }
      };
    }
  }
}
