package org.minqing.jobs.classify;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.Classified;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.issues.IssuesJobTest;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.pipeline.Nightly;

/**
 * The classify stage on the demo: the model trains on the hotline's operator-given 问题分类 and
 * classifies every complaint, including the web and WeChat ones that have no category; routing
 * sends the planted 房产证 complaints to the registration centre; reruns are identical.
 */
class ClassifyJobTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Lake lake;
  static MinqingConfig cfg;
  static ClassifierModel model;
  static ClassifyJob.Result first;
  static List<Row> rows;
  static final String ROUTING = Routing.load(null).fingerprint();
  static Map<String, String[]> truth = new HashMap<>(); // complaint id → planted issue, category

  static List<Row> classified() {
    return spark().read().parquet(lake.table(Tables.CLASSIFIED.name()).toString()).drop(Classified.RUN_ID).orderBy(Classified.COMPLAINT_ID).collectAsList();
  }

  @BeforeAll
  static void demoLakeClassified() throws Exception {
    cfg = IssuesJobTest.demoConfig(tmp.resolve("lake"), "2026-11-01");
    Nightly.run(spark(), cfg, Nightly.loadProfiles(cfg), null, "tokenize");
    lake = new Lake(cfg.lake().toString(), spark().sparkContext().hadoopConfiguration());
    var training = Nightly.trainingSources(cfg, Nightly.loadProfiles(cfg));
    assertEquals(List.of("demo_hotline"), training.stream().map(MinqingConfig.Source::profile).toList(), "only the hotline export carries a category");
    ClassifierStore store = new ClassifierStore(cfg.classifierStore());
    model = Nightly.trainAndSave(cfg, training, store).model();
    Set<String> dts = ClassifyJob.partitionsToClassify(spark(), lake, model.version(), ROUTING, List.of());
    first = ClassifyJob.run(spark(), lake, "c1", model, Routing.load(null), 0.5, cfg.zone(), dts, true);
    rows = classified();
    for (String line : Files.readAllLines(repo().resolve("datasets/demo/ground_truth.csv")).subList(1, 301)) {
      String[] f = line.split(",", -1);
      truth.put(f[0], new String[] {f[1], f[3]});
    }
  }

  @Test
  void everyComplaintIsClassifiedOnce() {
    long complaints = spark().read().parquet(lake.table(Tables.COMPLAINTS.name()).toString()).count();
    assertEquals(complaints, first.complaints());
    assertEquals(complaints, rows.size());
    assertEquals(complaints, rows.stream().map(r -> r.getString(r.fieldIndex(Classified.COMPLAINT_ID))).distinct().count());
    assertTrue(rows.stream().allMatch(r -> model.version().equals(r.getString(r.fieldIndex(Classified.MODEL_VERSION)))));
  }

  @Test
  void plantedComplaintsGetTheirCategoryWhateverTheChannel() {
    int seen = 0;
    int right = 0;
    int unlabelledChannels = 0;
    for (Row r : rows) {
      String[] t = truth.get(r.getString(r.fieldIndex(Classified.COMPLAINT_ID)));
      if (t == null) {
        continue;
      }
      seen++;
      right += t[1].equals(r.getString(r.fieldIndex(Classified.CATEGORY))) ? 1 : 0;
      unlabelledChannels += r.isNullAt(r.fieldIndex(Classified.CATEGORY_GIVEN)) ? 1 : 0;
    }
    assertEquals(300, seen);
    assertTrue(unlabelledChannels > 50, "web/WeChat complaints without a given category are among them: " + unlabelledChannels);
    assertTrue(right >= 0.95 * seen, right + " of " + seen + " planted complaints in their category");
  }

  @Test
  void deedComplaintsAreRoutedToTheRegistrationCentre() {
    int deeds = 0;
    int routed = 0;
    for (Row r : rows) {
      String[] t = truth.get(r.getString(r.fieldIndex(Classified.COMPLAINT_ID)));
      if (t != null && t[0].startsWith("deed_backlog@")) {
        deeds++;
        String dept = r.getString(r.fieldIndex(Classified.DEPARTMENT));
        routed += "deed_registration".equals(r.getString(r.fieldIndex(Classified.ROUTING_RULE))) && dept.contains("不动产登记中心") ? 1 : 0;
      }
    }
    assertTrue(deeds >= 100);
    assertTrue(routed >= 0.9 * deeds, routed + " of " + deeds);
  }

  @Test
  void nothingToDoUntilTheModelChangesThenEverything() {
    assertTrue(ClassifyJob.partitionsToClassify(spark(), lake, model.version(), ROUTING, List.of()).isEmpty());
    assertEquals(Set.of("2026-10-31"), ClassifyJob.partitionsToClassify(spark(), lake, model.version(), ROUTING, List.of("2026-10-31")));
    assertEquals(92, ClassifyJob.partitionsToClassify(spark(), lake, "cls-other", ROUTING, List.of()).size());
  }

  @Test
  void editedRoutingRulesRouteEverythingAgain() {
    ClassifyJob.recordRouting(lake, Routing.load(null));
    assertTrue(ClassifyJob.partitionsToClassify(spark(), lake, model.version(), ROUTING, List.of()).isEmpty());
    Routing edited = Routing.parse("rules:\n  - name: all_to_one\n    department: 县信访局\n", "edited.yaml");
    assertTrue(!edited.fingerprint().equals(ROUTING));
    assertEquals(92, ClassifyJob.partitionsToClassify(spark(), lake, model.version(), edited.fingerprint(), List.of()).size());
    // comments and layout are no change
    assertEquals(ROUTING, Routing.parse("# a comment\n" + new String(readDefaultRules(), java.nio.charset.StandardCharsets.UTF_8).replace("\n", "\n\n"), "same.yaml").fingerprint());
  }

  static byte[] readDefaultRules() {
    try (var in = Routing.class.getResourceAsStream(Routing.DEFAULT_RESOURCE)) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void rerunIsIdentical() {
    ClassifyJob.run(spark(), lake, "c2", model, Routing.load(null), 0.5, cfg.zone(), ClassifyJob.partitionsToClassify(spark(), lake, "cls-other", ROUTING, List.of()), true);
    assertEquals(rows, classified());
  }
}
