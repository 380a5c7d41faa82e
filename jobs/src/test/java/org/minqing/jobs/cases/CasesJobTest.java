package org.minqing.jobs.cases;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.datasets.schema.Tables;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.lake.Lake;

/**
 * The cases stage over several nights: bad events are quarantined with the reason and counted,
 * cards appear when due, and are never lost or duplicated — not by a later close, not by reruns.
 * Then the demo's 9,880 events.
 */
class CasesJobTest extends SparkTestBase {
  @TempDir static Path tmp;
  static final ZoneId Z = ZoneId.of("Asia/Shanghai");
  static final WorkCalendar CAL = WorkCalendar.load(null);
  static Lake lake;
  static EventProfile profile;
  static CasesJob.Result night1;
  static CasesJob.Result night2;
  static List<Row> cardsNight2;
  static CasesJob.Result night3;
  static CasesJob.Result night3Again;
  static List<Row> cardsNight3;
  static List<Row> cardsNight3Again;

  static final String HEADER = "诉求编号,事件,时间,层级,单位,满意度\n";

  static Lake fullLake;
  static CasesJob.Result fullNight3;

  static CasesJob.Result night(String date, String... globs) {
    return night(lake, true, date, globs);
  }

  static CasesJob.Result night(Lake l, boolean incremental, String date, String... globs) {
    return CasesJob.run(spark(), l, "run-" + date, LocalDate.parse(date), Z, List.of(new CasesJob.Source(profile, List.of(globs))), List.of(),
        CaseRules.Params.defaults(), CAL, incremental);
  }

  static List<Row> cards() {
    return spark().read().parquet(lake.table(Tables.CARDS.name()).toString()).orderBy("card_id").collectAsList();
  }

  @BeforeAll
  static void nights() throws Exception {
    profile = EventProfile.load("demo_case_events", List.of());
    lake = new Lake(tmp.resolve("lake").toString(), spark().sparkContext().hadoopConfiguration());
    Path a = tmp.resolve("in/a.csv");
    Files.createDirectories(a.getParent());
    Files.writeString(a, HEADER
        + "C1,受理,2026-08-01 09:00,1,村委会,\n"
        + "C1,交办,2026-08-01 12:00,2,街道,\n"
        + "C1,办结,2026-08-05 09:00,2,街道,\n"
        + "C1,回访,2026-08-06 09:00,2,街道,满意\n"
        + "C2,受理,2026-08-01 09:00,1,村委会,\n"
        + "C2,交办,2026-08-02 09:00,2,街道,\n"
        + "C3,办结,2026-07-30 09:00,2,街道,\n"
        + "C3,受理,2026-08-01 09:00,1,村委会,\n"
        + "C1,交办,2026-08-01 12:00,2,街道,\n"
        + "C4,完成,2026-08-01 09:00,1,村委会,\n"
        + "C4,受理,2026-08-01 25:00,1,村委会,\n"
        + "C4,受理,2026-08-01 09:00,9,村委会,\n");
    night1 = night("2026-08-05", tmp.resolve("in/*.csv").toString());
    night2 = night("2026-08-20", tmp.resolve("in/*.csv").toString());
    cardsNight2 = cards();
    // a later export closes C2 on 08-09: after its yellow was due (08-08 09:00), before its red (08-16 09:00)
    Files.writeString(tmp.resolve("in/b.csv"), HEADER + "C2,办结,2026-08-09 10:00,2,街道,\n");
    night3 = night("2026-08-21", tmp.resolve("in/*.csv").toString());
    cardsNight3 = cards();
    night3Again = night("2026-08-21", tmp.resolve("in/*.csv").toString());
    cardsNight3Again = cards();
    // the same nights rebuilding everything every night (cases.incremental: false), for comparison;
    // the inputs are the files as they were on each night
    fullLake = new Lake(tmp.resolve("full-lake").toString(), spark().sparkContext().hadoopConfiguration());
    night(fullLake, false, "2026-08-05", tmp.resolve("in/a.csv").toString());
    night(fullLake, false, "2026-08-20", tmp.resolve("in/a.csv").toString());
    fullNight3 = night(fullLake, false, "2026-08-21", tmp.resolve("in/*.csv").toString());
  }

  static List<String> table(Lake l, String table, String dt, String... order) {
    var d = spark().read().parquet(l.table(table).toString()).drop("run_id");
    if (dt != null) {
      d = d.filter(col("dt").equalTo(dt));
    }
    return d.orderBy(order[0], java.util.Arrays.copyOfRange(order, 1, order.length)).collectAsList().stream().map(Row::toString).toList();
  }

  @Test
  void anIncrementalNightReadsOnlyNewFilesAndEndsWhereAFullRebuildEnds() {
    assertEquals("full", night1.mode());
    assertEquals("incremental", night2.mode());
    assertEquals(0, night2.eventsRead(), "no new event file on 08-20");
    assertEquals(3, night2.casesEvaluated(), "only the open cases (C2, C3) and C1, whose 回访 on 08-06 was ahead of 08-05, are evaluated again");
    assertEquals("incremental", night3.mode());
    assertEquals(1, night3.eventsRead(), "only b.csv");
    assertEquals(List.of(new CasesJob.FileCounts("demo_case_events", "in/b.csv", 1, 1, 0)), night3.files());
    assertEquals("full", fullNight3.mode());
    assertEquals(fullNight3.cases(), night3.cases());
    assertEquals(fullNight3.open(), night3.open());
    assertEquals(fullNight3.yellowTotal(), night3Again.yellowTotal());
    assertEquals(fullNight3.redTotal(), night3Again.redTotal());
    assertEquals(table(fullLake, Tables.CASES.name(), "2026-08-21", "case_id"), table(lake, Tables.CASES.name(), "2026-08-21", "case_id"));
    assertEquals(table(fullLake, Tables.CARDS.name(), null, "card_id"), table(lake, Tables.CARDS.name(), null, "card_id"));
    assertEquals(table(fullLake, Tables.UNIT_SCORES.name(), "2026-08-21", "unit", "period"), table(lake, Tables.UNIT_SCORES.name(), "2026-08-21", "unit", "period"));
    assertEquals(table(fullLake, Tables.CASE_EVENTS.name(), null, "case_id", "event_at", "event"), table(lake, Tables.CASE_EVENTS.name(), null, "case_id", "event_at", "event"),
        "the rerun of 08-21 did not take b.csv's event twice");
  }

  @Test
  void everyEventIsAcceptedOrQuarantinedWithItsReason() {
    assertEquals(12, night1.eventsRead());
    assertEquals(7, night1.eventsAccepted());
    assertEquals(5, night1.eventsQuarantined());
    assertEquals(Map.of("BAD_TIMESTAMP", 1L, "BAD_VALUE", 2L, "CLOSE_BEFORE_OPEN", 1L, "DUPLICATE_EVENT", 1L), night1.quarantinedBy());
    assertEquals(List.of(new CasesJob.FileCounts("demo_case_events", "in/a.csv", 12, 7, 5)), night1.files());
    List<Row> q = spark().read().parquet(lake.table(Tables.QUARANTINE.name()).toString()).filter(col("dt").equalTo("2026-08-05")).orderBy("source_line").collectAsList();
    assertEquals(5, q.size());
    Row closeBeforeOpen = q.stream().filter(r -> r.getAs("reason").equals("CLOSE_BEFORE_OPEN")).findFirst().orElseThrow();
    assertEquals(8L, (long) closeBeforeOpen.getAs("source_line"));
    assertTrue(((String) closeBeforeOpen.getAs("message")).contains("case C3 is closed at"), (String) closeBeforeOpen.getAs("message"));
    Row badTime = q.stream().filter(r -> r.getAs("reason").equals("BAD_TIMESTAMP")).findFirst().orElseThrow();
    assertEquals("时间", badTime.getAs("source_column"));
    assertTrue(((String) badTime.getAs("message")).startsWith("in/a.csv line 12, column 时间"), (String) badTime.getAs("message"));
  }

  @Test
  void cardsAppearWhenDue() {
    assertEquals(0, night1.newYellow() + night1.newRed(), "nothing is 7 days old on 08-05");
    assertEquals(3, night1.cases(), "C1, C2, C3 (C4 had no usable event)");
    assertEquals(2, night2.newYellow());
    assertEquals(2, night2.newRed());
    assertEquals(List.of("C2:red", "C2:yellow", "C3:red", "C3:yellow"), cardsNight2.stream().map(r -> (String) r.getAs("card_id")).toList());
    Row c2y = cardsNight2.get(1);
    assertEquals("街道", c2y.getAs("unit"));
    assertEquals("2026-08-08", c2y.getAs("dt"));
  }

  @Test
  void aLaterCloseAndRerunsNeverRemoveOrRepeatACard() {
    assertEquals(0, night3.newYellow() + night3.newRed());
    assertEquals(cardsNight2.stream().map(r -> (String) r.getAs("card_id")).toList(), cardsNight3.stream().map(r -> (String) r.getAs("card_id")).toList(),
        "C2's red stays although the new export closes C2 before the red was due");
    assertEquals(cardsNight3, cardsNight3Again, "rerun: same rows, same issuing run");
    assertEquals(0, night3Again.newYellow() + night3Again.newRed());
    assertEquals(2, night3Again.yellowTotal());
    assertEquals(2, night3Again.redTotal());
    Row c2 = spark().read().parquet(lake.table(Tables.CASES.name()).toString()).filter(col("dt").equalTo("2026-08-21").and(col("case_id").equalTo("C2"))).first();
    assertEquals("closed", c2.getAs("status"));
    assertEquals(Boolean.TRUE, c2.getAs("red"), "the case still shows its red card");
  }

  @Test
  void unitScoresAddUp() {
    List<Row> s = spark().read().parquet(lake.table(Tables.UNIT_SCORES.name()).toString()).filter(col("dt").equalTo("2026-08-21")).orderBy("unit").collectAsList();
    Map<String, Row> byUnit = new TreeMap<>();
    s.forEach(r -> byUnit.put(r.getAs("unit"), r));
    Row street = byUnit.get("街道");
    assertEquals(2L, (long) street.getAs("received"), "C1 and C2 end with the 街道");
    assertEquals(2L, (long) street.getAs("closed"));
    assertEquals(1.0, (double) street.getAs("close_rate"));
    assertEquals(0.5, (double) street.getAs("on_time_rate"), "C1 in time, C2 late");
    assertEquals(1L, (long) street.getAs("visited"));
    assertEquals(1.0, (double) street.getAs("satisfaction_rate"));
    assertEquals(2L, (long) street.getAs("yellow_cards") + (long) byUnit.get("村委会").getAs("yellow_cards"));
  }

  @Test
  void theDemoEvents() {
    Lake demo = new Lake(tmp.resolve("demo-lake").toString(), spark().sparkContext().hadoopConfiguration());
    Lake keep = lake;
    lake = demo;
    try {
      CasesJob.Result r = night("2026-11-01", repo().resolve("datasets/demo/events/*.csv").toString());
      assertEquals(9880, r.eventsRead());
      assertEquals(9880, r.eventsAccepted());
      assertEquals(2690, r.cases());
      Row gd1 = spark().read().parquet(demo.table(Tables.CASES.name()).toString()).filter(col("case_id").equalTo("demo_hotline:GD00000001")).first();
      assertEquals("closed", gd1.getAs("status"));
      assertEquals(1, (int) gd1.getAs("escalations"));
      assertEquals(1, (int) gd1.getAs("transfers"));
      assertEquals("临湖县卫健委", gd1.getAs("unit"));
      assertEquals("satisfied", gd1.getAs("satisfaction"));
      assertEquals(Boolean.TRUE, gd1.getAs("yellow"), "closed after 11.2 days");
      assertEquals(Boolean.FALSE, gd1.getAs("red"));
      long received = spark().read().parquet(demo.table(Tables.UNIT_SCORES.name()).toString()).agg(org.apache.spark.sql.functions.sum("received")).first().getLong(0);
      assertEquals(2690, received, "every case counts for exactly one unit and month");
      assertEquals(r.yellowTotal() + r.redTotal(), spark().read().parquet(demo.table(Tables.CARDS.name()).toString()).count());
    } finally {
      lake = keep;
    }
  }
}
