package org.minqing.jobs.nlp;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.Tokens;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.pipeline.Nightly;
import org.minqing.nlp.Keywords;

/** The nightly pipeline through tokenize on the demo data. */
class TokenizeTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Nightly.Summary run;
  static Dataset<Row> tokens;

  @BeforeAll
  static void nightly() {
    Path demo = repo().resolve("datasets/demo");
    Map<String, String> o = new LinkedHashMap<>();
    o.put("lake", tmp.resolve("lake").toString());
    o.put("run_date", "2026-11-01");
    o.put("sources", "[{profile: demo_hotline, paths: [\"" + demo.resolve("hotline/*.csv") + "\"]}, {profile: demo_web, paths: [\"" + demo.resolve("web/*.csv")
        + "\"]}, {profile: demo_wechat, paths: [\"" + demo.resolve("wechat/*.jsonl") + "\"]}]");
    MinqingConfig cfg = MinqingConfig.load(null, o);
    run = Nightly.run(spark(), cfg, Nightly.loadProfiles(cfg), null, "all");
    tokens = spark().read().parquet(tmp.resolve("lake/tokens").toString()).cache();
  }

  /**
   * Tokens written by another analyzer are out of date: after adding a user dictionary (or
   * upgrading Minqing) the next run tokenizes every partition again — once; "tokenize, to try a new
   * dictionary" on a lake whose files were all ingested did nothing before.
   */
  @Test
  void anotherAnalyzerTokenizesEveryPartitionAgainOnce(@TempDir Path own) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("lake", own.resolve("lake").toString());
    o.put("run_date", "2026-11-01");
    o.put("sources", "[{profile: demo_wechat, paths: [\"" + repo().resolve("datasets/demo/wechat/*.jsonl") + "\"]}]");
    MinqingConfig cfg = MinqingConfig.load(null, o);
    int partitions = Nightly.run(spark(), cfg, Nightly.loadProfiles(cfg), null, "tokenize").tokenize().partitions().size();
    assertTrue(partitions > 10, partitions + " partitions");
    assertEquals(0, Nightly.run(spark(), cfg, Nightly.loadProfiles(cfg), null, "tokenize").tokenize().partitions().size(), "same files, same analyzer: nothing to do");
    Path dict = own.resolve("local-terms.txt");
    Files.writeString(dict, "青溪网格 n\n");
    o.put("nlp.user_dictionaries", "[\"" + dict + "\"]");
    MinqingConfig withDict = MinqingConfig.load(null, o);
    assertEquals(partitions, Nightly.run(spark(), withDict, Nightly.loadProfiles(withDict), null, "tokenize").tokenize().partitions().size(), "a new dictionary: every partition again");
    assertEquals(0, Nightly.run(spark(), withDict, Nightly.loadProfiles(withDict), null, "tokenize").tokenize().partitions().size(), "and only once");
    Files.writeString(dict, "青溪网格 n\n青溪社区网格 n\n");
    assertEquals(partitions, Nightly.run(spark(), withDict, Nightly.loadProfiles(withDict), null, "tokenize").tokenize().partitions().size(), "the dictionary's content counts, not its name");
  }

  @Test
  void everyComplaintHasTokensInTheDeclaredSchema() {
    assertEquals(run.ingest().accepted(), tokens.count());
    assertEquals(run.ingest().accepted(), run.tokenize().complaints());
    assertEquals(Tables.TOKENS.columnNames(), List.of(tokens.columns()));
    assertEquals(0, tokens.filter(size(col(Tokens.WORDS)).notEqual(size(col(Tokens.POS)))).count());
    assertTrue(tokens.filter(size(col(Tokens.KEYWORDS)).gt(0)).count() > 0.99 * tokens.count());
  }

  @Test
  void keywordsAreTheTfIdfTopOfEachComplaintAgainstTheNightsCorpus() {
    // Recomputed here without Spark: document frequencies over every complaint's features (the
    // first night, so the corpus is this night's complaints), then Keywords.top per complaint.
    List<Row> rows = tokens.select(Tokens.FEATURES, Tokens.TITLE_FEATURES, Tokens.KEYWORDS).collectAsList();
    Map<String, Long> df = new HashMap<>();
    for (Row r : rows) {
      for (String w : new HashSet<>(r.<String>getList(0))) {
        df.merge(w, 1L, Long::sum);
      }
    }
    int k = MinqingConfig.load(null, Map.of()).keywordsPerComplaint();
    int compared = 0;
    int multiWord = 0;
    for (Row r : rows) {
      List<String> expected = Keywords.top(r.getList(0), r.getList(1), w -> df.getOrDefault(w, 1L), rows.size(), k);
      assertEquals(expected, r.getList(2));
      compared++;
      multiWord += expected.size() > 1 ? 1 : 0;
    }
    assertEquals(run.ingest().accepted(), compared);
    assertTrue(multiWord > 0.9 * compared, multiWord + " of " + compared);
  }

  @Test
  void keywordCorpusReachesWindowDaysBeforeTheEarliestTokenizedDayAndNoLaterThanTheLatest() {
    Dataset<Row> parts = spark().createDataset(List.of("2025-01-01", "2025-10-30", "2025-10-31", "2026-10-31", "2026-11-01", "2026-11-02", "undated"),
        org.apache.spark.sql.Encoders.STRING()).toDF(Tokens.DT);
    java.util.function.BiFunction<List<String>, Integer, List<String>> kept = (dts, days) -> parts.filter(TokenizeJob.corpusWindow(dts, days))
        .orderBy(Tokens.DT).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    // tonight's partitions 2026-10-31 and 2026-11-01: a year before the first, up to the last
    assertEquals(List.of("2025-10-31", "2026-10-31", "2026-11-01", "undated"), kept.apply(List.of("2026-11-01", "2026-10-31"), 365));
    assertEquals(List.of("2025-01-01", "2025-10-30", "2025-10-31", "2026-10-31", "2026-11-01", "2026-11-02", "undated"), kept.apply(List.of("2026-11-01"), 0));
    assertEquals(7, kept.apply(List.of("undated"), 365).size());
    assertEquals(365, MinqingConfig.load(null, Map.of()).keywordsWindowDays());
  }

  @Test
  void plantedDeedComplaintsShareTheConceptWhateverWordTheyUsed() throws Exception {
    Set<String> deed = new HashSet<>();
    List<String> truth = Files.readAllLines(repo().resolve("datasets/demo/ground_truth.csv"));
    for (String line : truth.subList(1, truth.size())) {
      String[] f = line.split(",");
      if (f[2].equals("deed_backlog")) {
        deed.add(f[0]);
      }
    }
    Dataset<Row> d = tokens.filter(col(Tokens.COMPLAINT_ID).isin(deed.toArray()));
    assertEquals(deed.size(), d.count());
    long withConcept = d.filter(array_contains(col(Tokens.MASKED_FEATURES), "房产证")).count();
    assertTrue(withConcept >= 0.95 * deed.size(), withConcept + " of " + deed.size());
  }

  @Test
  void maskedFeaturesNeverContainAPlaceAndTheEstateIsFound() throws Exception {
    for (Row r : tokens.select(Tokens.MASKED_FEATURES, Tokens.PLACES).collectAsList()) {
      List<String> masked = r.getList(0);
      List<String> places = r.getList(1);
      for (String f : masked) {
        for (String p : places) {
          assertFalse(p.contains(f) || f.contains(p), f + " / " + p);
        }
      }
    }
    // 沙田路 is where the planted road issue is: every such complaint names it, and it is found.
    long named = tokens.filter(array_contains(col(Tokens.WORDS), "沙田")).count();
    long found = tokens.filter(array_contains(col(Tokens.PLACES), "沙田路")).count();
    assertTrue(found >= 0.9 * named && found > 0, found + " of " + named);
  }

  @Test
  void repostsHaveIdenticalFingerprints() {
    Dataset<Row> c = spark().read().parquet(tmp.resolve("lake/complaints").toString());
    Dataset<Row> pairs = c.filter(col(Tables.Complaints.IS_REPEAT)).select(col(Tables.Complaints.COMPLAINT_ID).as("a"), col(Tables.Complaints.REPEAT_OF).as("b"));
    Dataset<Row> ta = tokens.select(col(Tokens.COMPLAINT_ID).as("a"), col(Tokens.SIMHASH).as("ha"));
    Dataset<Row> tb = tokens.select(col(Tokens.COMPLAINT_ID).as("b"), col(Tokens.SIMHASH).as("hb"));
    Dataset<Row> j = pairs.join(ta, "a").join(tb, "b");
    assertEquals(run.ingest().repeats(), j.count());
    assertEquals(0, j.filter(col("ha").notEqual(col("hb"))).count());
  }
}
