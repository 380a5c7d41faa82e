package org.minqing.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.datasets.schema.Tables.Complaints;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.pipeline.Nightly;

/** Ingest of every complaint file of the real 2020 泰迪杯 C 题 data in ../shared. */
class RealDataIngestTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Nightly.Summary run;
  static Dataset<Row> complaints;

  @BeforeAll
  static void ingestAll() {
    Path d = shared();
    Map<String, List<String>> s = new LinkedHashMap<>();
    s.put("tipdm_fj3", List.of(d.resolve("messages_votes_fj3.csv").toString()));
    s.put("tipdm_fj4", List.of(d.resolve("messages_replies_fj4.csv").toString()));
    s.put("tipdm_testset", List.of(d.resolve("messages_unlabeled_testset.csv").toString()));
    s.put("tipdm_labeled_full", List.of(d.resolve("labeled_full_fields.csv").toString()));
    s.put("tipdm_labeled_text", List.of(d.resolve("labeled_text_only.csv").toString()));
    run = IngestFixtures.ingest(spark(), tmp.resolve("lake"), "2020-01-27", s);
    complaints = IngestFixtures.complaints(spark(), tmp.resolve("lake")).cache();
  }

  private static IngestJob.FileCounts file(String name) {
    return run.ingest().files().stream().filter(f -> f.file().endsWith(name)).findFirst().orElseThrow();
  }

  @Test
  void rowCountsOfEveryFile() {
    assertEquals(4326, file("messages_votes_fj3.csv").accepted());
    assertEquals(0, file("messages_votes_fj3.csv").quarantined());
    assertEquals(2816, file("messages_replies_fj4.csv").accepted());
    assertEquals(0, file("messages_replies_fj4.csv").quarantined());
    assertEquals(2801, file("messages_unlabeled_testset.csv").accepted());
    assertEquals(1872, file("labeled_text_only.csv").accepted());
    // 1,095 rows, one message id (organiser_sample 37042) twice with two labels: the later row wins.
    IngestJob.FileCounts full = file("labeled_full_fields.csv");
    assertEquals(1095, full.read());
    assertEquals(1094, full.accepted());
    assertEquals(Map.of("SUPERSEDED_DUPLICATE", 1L), full.quarantinedBy());
    assertEquals(4326 + 2816 + 2801 + 1094 + 1872, complaints.count());
  }

  @Test
  void timesAreParsedIntoTheDocumentedRanges() {
    Row fj3 = complaints.filter(col(Complaints.SOURCE).equalTo("tipdm_fj3")).agg(min(Complaints.RECEIVED_AT), max(Complaints.RECEIVED_AT)).first();
    assertEquals("2017-06-08 17:31:20.0", fj3.get(0).toString());
    assertEquals("2020-01-26 19:47:11.0", fj3.get(1).toString());
    Dataset<Row> fj4 = complaints.filter(col(Complaints.SOURCE).equalTo("tipdm_fj4"));
    assertEquals(0, fj4.filter(col(Complaints.REPLIED_AT).isNull()).count(), "every 附件4 message has its reply time");
    assertEquals(0, fj4.filter(col(Complaints.REPLIED_AT).lt(col(Complaints.RECEIVED_AT))).count());
    Row noTimeOfDay = fj4.filter(col(Complaints.SOURCE_ID).equalTo("27610")).first();
    assertEquals("2018-04-24 00:00:00.0", noTimeOfDay.getAs(Complaints.REPLIED_AT).toString());
    assertEquals(1872, complaints.filter(col(Complaints.DT).equalTo("undated")).count());
  }

  @Test
  void likesAndLabelsAreCarried() {
    Row likes = complaints.filter(col(Complaints.SOURCE).equalTo("tipdm_fj3")).agg(max(Complaints.LIKES), max(Complaints.DISLIKES)).first();
    assertEquals(2097, likes.getInt(0));
    assertEquals(53, likes.getInt(1));
    assertEquals(2966, complaints.filter(col(Complaints.CATEGORY_GIVEN).isNotNull()).count());
    assertEquals(0, complaints.filter(col(Complaints.SOURCE).equalTo("tipdm_testset").and(col(Complaints.CATEGORY_GIVEN).isNotNull())).count());
  }

  @Test
  void noPhoneIdOrEmailPatternLeft() {
    for (Row r : complaints.select(Complaints.TITLE, Complaints.TEXT, Complaints.REPLY_TEXT).collectAsList()) {
      for (int i = 0; i < 3; i++) {
        String s = r.getString(i);
        assertFalse(s != null && IngestFixtures.PII.matcher(s).find(), s);
      }
    }
  }

  @Test
  void whitespaceRunsAreGone() {
    assertEquals(0, complaints.filter(col(Complaints.TEXT).contains("\t").or(col(Complaints.TEXT).contains("\u3000")).or(col(Complaints.TEXT).contains("\u200b"))).count());
    assertEquals(0, complaints.filter(col(Complaints.TEXT).startsWith("\n").or(col(Complaints.TEXT).startsWith(" "))).count());
  }

  @Test
  void repostsByTheSameUserAreFlagged() {
    // 附件3 has 58 rows repeating another's title+detail; those from the same user within 30 days are repeats.
    long repeats = complaints.filter(col(Complaints.SOURCE).equalTo("tipdm_fj3").and(col(Complaints.IS_REPEAT))).count();
    assertTrue(repeats > 0 && repeats <= 58, "repeats in 附件3: " + repeats);
  }

  @Test
  void xlsxOriginalGivesTheSameComplaintsAsTheCsv() {
    Path d = shared();
    Path lake = tmp.resolve("lake-xlsx");
    Nightly.Summary x = IngestFixtures.ingest(spark(), lake, "2020-01-27", Map.of("tipdm_fj3", List.of(d.resolve("附件3.xlsx").toString())));
    assertEquals(4326, x.ingest().accepted());
    Dataset<Row> fromXlsx = IngestFixtures.complaints(spark(), lake).select(Complaints.SOURCE_ID, Complaints.RECEIVED_AT, Complaints.TITLE, Complaints.LIKES);
    Dataset<Row> fromCsv = complaints.filter(col(Complaints.SOURCE).equalTo("tipdm_fj3")).select(Complaints.SOURCE_ID, Complaints.RECEIVED_AT, Complaints.TITLE, Complaints.LIKES);
    assertEquals(0, fromXlsx.except(fromCsv).count(), "ids, times (including Excel date cells), titles and likes agree");
    long sameText = IngestFixtures.complaints(spark(), lake).select(Complaints.SOURCE_ID, Complaints.TEXT)
        .intersect(complaints.filter(col(Complaints.SOURCE).equalTo("tipdm_fj3")).select(Complaints.SOURCE_ID, Complaints.TEXT)).count();
    assertTrue(sameText >= 4300, "normalised bodies agree for " + sameText + " of 4326");
  }
}
