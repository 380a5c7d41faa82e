package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.datasets.schema.Tables;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.pipeline.Nightly;

/**
 * Hot issues of the real 附件3 (4,326 messages): the groups several 2020 competitors found
 * independently must be distinct issues near the top, with readable labels.
 */
class RealHotIssuesTest extends SparkTestBase {
  @TempDir static Path tmp;
  static List<Row> top;
  static List<Row> members;

  @BeforeAll
  static void run() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("lake", tmp.resolve("lake").toString());
    o.put("run_date", "2020-01-27");
    o.put("sources", "[{profile: tipdm_fj3, paths: [\"" + shared().resolve("messages_votes_fj3.csv") + "\"]}]");
    o.put("issues.window_days", "0");
    o.put("issues.heat_window_days", "3650");
    MinqingConfig cfg = MinqingConfig.load(null, o);
    Nightly.run(spark(), cfg, Nightly.loadProfiles(cfg), null, "tokenize");
    Lake lake = new Lake(cfg.lake().toString(), spark().sparkContext().hadoopConfiguration());
    IssuesJob.run(spark(), lake, "fj3", LocalDate.of(2020, 1, 27), cfg.issues());
    top = spark().read().parquet(lake.table(Tables.ISSUES.name()).toString()).filter(col("rank").leq(20)).orderBy("rank").collectAsList();
    members = spark().read().parquet(lake.table(Tables.ISSUE_MEMBERS.name()).toString()).join(spark().read().parquet(lake.table(Tables.COMPLAINTS.name()).toString()).select("complaint_id", "title"), "complaint_id")
        .filter(col("issue_id").isNotNull()).select("issue_id", "title").collectAsList();
  }

  /** The top-20 issue whose members have the most titles containing {@code needle}, and how many. */
  private static Row issueWith(String needle, int atLeast) {
    Map<String, Integer> n = new java.util.HashMap<>();
    for (Row m : members) {
      if (m.<String>getAs("title").contains(needle)) {
        n.merge(m.getAs("issue_id"), 1, Integer::sum);
      }
    }
    Row best = null;
    int bestN = 0;
    for (Row r : top) {
      int k = n.getOrDefault(r.<String>getAs("issue_id"), 0);
      if (k > bestN) {
        best = r;
        bestN = k;
      }
    }
    assertTrue(best != null && bestN >= atLeast, "no top-20 issue with ≥ " + atLeast + " titles containing " + needle + "; top 20: " + top.stream().map(r -> r.getAs("label")).toList());
    return best;
  }

  @Test
  void theWidelyReportedHotIssuesAreDistinctAndNearTheTop() {
    Row parking = issueWith("滨河苑", 20);
    Row mixer = issueWith("搅拌站", 20);
    Row fumes = issueWith("魅力之城", 8);
    Row internship = issueWith("经济学院", 5);
    // 13 titles name 58车贷 (two more messages name it in the body only); they name no place where
    // the problem is, so the platform's name (BlockClusterer#mergeByName) holds them together: 7
    // titles in one issue before the name merge, 9 with it, all 13 since a place-less group also joins
    // the placed cluster the name gathers (BlockClusterer#joinNamedToPlaced: one of them names a firm
    // in its body, 通过唐大公司, and three others had attached to it)
    Row p2p = issueWith("58车贷", 13);
    List<String> ids = List.of(parking.getAs("issue_id"), mixer.getAs("issue_id"), fumes.getAs("issue_id"), internship.getAs("issue_id"), p2p.getAs("issue_id"));
    assertTrue(ids.stream().distinct().count() == 5, "five distinct issues: " + ids);
    assertTrue(parking.<Integer>getAs("rank") <= 3 && mixer.<Integer>getAs("rank") <= 3, "the two largest groups lead: " + parking + mixer);
    assertTrue(parking.<String>getAs("label").startsWith("伊景园滨河苑") && parking.<String>getAs("label").contains("捆绑"), parking.<String>getAs("label"));
    assertTrue(p2p.<String>getAs("label").contains("车贷"), p2p.<String>getAs("label"));
    assertTrue(p2p.<Integer>getAs("rank") <= 5, "the 58车贷 investors are near the top: " + p2p);
    assertTrue(mixer.<String>getAs("label").contains("搅拌"), mixer.<String>getAs("label"));
    assertTrue(internship.<String>getAs("label").contains("实习"), internship.<String>getAs("label"));
    // eight talent-subsidy messages, one of them naming 昆明: a label leads with a place only when a
    // fourth of the issue names it (it read "昆明：新政、人才、补发")
    // a label's words say what the place does not: no word is part of the place's name (it read
    // "职业技术学院：职业、学院、技术")
    for (Row r : top) {
      String[] parts = r.<String>getAs("label").split("：", 2);
      if (parts.length == 2) {
        for (String w : parts[1].split("、")) {
          assertTrue(!parts[0].contains(w), "label repeats its place: " + r.<String>getAs("label"));
        }
      }
    }
    // a kind of college is no place: "…职业技术学院" once put seven colleges into one issue (rank 11)
    for (Row r : top) {
      assertTrue(!r.<String>getAs("label").startsWith("职业技术学院"), "colleges named only by their kind: " + r.<String>getAs("label"));
    }
    Row subsidy = issueWith("人才", 5);
    assertTrue(!subsidy.<String>getAs("label").contains("：") && subsidy.<String>getAs("label").contains("人才"), subsidy.<String>getAs("label"));
  }
  @Test
  void theSameLetterFromSeveralPeopleIsAnIssue() {
    // four messages asking for bus 805 to go by 木莲中路, two texts copied by three residents: one
    // text per near-duplicate group, but several people, so a recurring issue and not unassigned
    Map<String, Long> byIssue = members.stream().filter(m -> m.<String>getAs("title").contains("805路") && m.<String>getAs("title").contains("木莲中路"))
        .collect(java.util.stream.Collectors.groupingBy(m -> m.<String>getAs("issue_id"), java.util.stream.Collectors.counting()));
    assertTrue(byIssue.size() == 1 && byIssue.values().iterator().next() == 4, "805路 messages by issue: " + byIssue);
  }

  @Test
  void anEstateWhoseNameHoldsACountyCodeIsAPlace() {
    // "A市A5区汇金路五矿万境K9县存在一系列问题" (2,097 likes): the anonymiser put K9县 into the estate's
    // name; read as the county K9县 the message named no place and was unassigned
    Row estate = top.stream().filter(r -> r.<String>getAs("representative_title").contains("五矿万境K9县")).findFirst()
        .orElseThrow(() -> new AssertionError("五矿万境K9县 not in the top 20: " + top.stream().map(r -> r.getAs("label")).toList()));
    assertTrue(estate.<String>getAs("label").startsWith("五矿万境K9县："), estate.<String>getAs("label"));
  }

  @Test
  void aRailwayPlannedNextToAnEstateIsLabelledByTheRailway() {
    // "高铁线路" was read as a road, a place, so 高铁 was masked out of the what and the label
    // read 绿地海外滩小区：时速、挨着、敏感
    Row rail = issueWith("绿地海外滩", 4);
    assertTrue(rail.<String>getAs("label").startsWith("绿地海外滩小区：") && rail.<String>getAs("label").contains("高铁"), rail.<String>getAs("label"));
  }
}
