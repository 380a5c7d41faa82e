package org.minqing.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.Complaints;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.pipeline.Nightly;

/** Ingest of the committed demo data: accounting against the generator's own record of what it planted. */
class DemoIngestTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path demo;
  static Path lake;
  static Nightly.Summary first;
  static JsonNode generation;

  static Map<String, List<String>> demoSources(Path dir) {
    Map<String, List<String>> s = new LinkedHashMap<>();
    s.put("demo_hotline", List.of(dir.resolve("hotline/*.csv").toString()));
    s.put("demo_web", List.of(dir.resolve("web/*.csv").toString()));
    s.put("demo_wechat", List.of(dir.resolve("wechat/*.jsonl").toString()));
    return s;
  }

  @BeforeAll
  static void ingestOnce() throws IOException {
    demo = repo().resolve("datasets/demo");
    lake = tmp.resolve("lake");
    first = IngestFixtures.ingest(spark(), lake, "2026-11-01", demoSources(demo));
    generation = new ObjectMapper().readTree(demo.resolve("generation.json").toFile());
  }

  @Test
  void everyFileAddsUpAndMatchesWhatTheGeneratorWrote() {
    long written = 0;
    for (var f : first.ingest().files()) {
      assertEquals(f.read(), f.accepted() + f.quarantined(), f.file());
      long rows = generation.path("rows_per_file").path(f.file()).asLong(-1);
      assertEquals(rows, f.read(), "rows read from " + f.file());
      JsonNode bad = generation.path("bad_rows_per_file").path(f.file());
      bad.fields().forEachRemaining(e -> assertEquals(e.getValue().asLong(), f.quarantinedBy().getOrDefault(e.getKey(), 0L), f.file() + " " + e.getKey()));
      written += rows;
    }
    assertEquals(generation.get("superseded_rows").asLong(), first.ingest().files().stream().mapToLong(f -> f.quarantinedBy().getOrDefault("SUPERSEDED_DUPLICATE", 0L)).sum());
    assertEquals(written, first.ingest().read());
    assertEquals(generation.get("complaints_written").asLong(), first.ingest().accepted());
    assertEquals(first.ingest().accepted(), IngestFixtures.complaints(spark(), lake).count());
    assertEquals(first.ingest().quarantined(), IngestFixtures.quarantine(spark(), lake).count());
  }

  @Test
  void lastExportWinsForARepeatedId() {
    Dataset<Row> c = IngestFixtures.complaints(spark(), lake);
    List<Row> updated = c.filter(col(Complaints.SOURCE_FILE).equalTo("hotline/12345_export_update_0001.csv")).collectAsList();
    assertEquals(generation.get("superseded_rows").asLong(), updated.size());
    for (Row r : updated) {
      assertEquals("您好，您反映的问题已办结，相关单位已完成整改。", r.getAs(Complaints.REPLY_TEXT));
    }
    assertEquals(c.count(), c.select(Complaints.COMPLAINT_ID).distinct().count(), "complaint_id is unique");
  }

  @Test
  void resentComplaintsAreFlaggedAsRepeatsOfTheFirst() {
    Dataset<Row> c = IngestFixtures.complaints(spark(), lake);
    long repeats = c.filter(col(Complaints.IS_REPEAT)).count();
    assertEquals(generation.get("repeats").asLong(), repeats);
    Row r = c.filter(col(Complaints.IS_REPEAT)).orderBy(Complaints.COMPLAINT_ID).first();
    Row orig = c.filter(col(Complaints.COMPLAINT_ID).equalTo(r.<String>getAs(Complaints.REPEAT_OF))).first();
    assertEquals(orig.<String>getAs(Complaints.TEXT_HASH), r.getAs(Complaints.TEXT_HASH));
    assertEquals(orig.<String>getAs(Complaints.COMPLAINANT_KEY), r.getAs(Complaints.COMPLAINANT_KEY));
    assertTrue(orig.<java.sql.Timestamp>getAs(Complaints.RECEIVED_AT).before(r.getAs(Complaints.RECEIVED_AT)));
  }

  @Test
  void noPersonalDataLeftInTextTitleRepliesOrQuarantine() {
    Dataset<Row> c = IngestFixtures.complaints(spark(), lake);
    for (Row r : c.select(Complaints.TITLE, Complaints.TEXT, Complaints.REPLY_TEXT).collectAsList()) {
      for (int i = 0; i < 3; i++) {
        String s = r.getString(i);
        assertFalse(s != null && IngestFixtures.PII.matcher(s).find(), s);
      }
    }
    for (Row r : IngestFixtures.quarantine(spark(), lake).select("raw").collectAsList()) {
      assertFalse(r.getString(0) != null && IngestFixtures.PII.matcher(r.getString(0)).find(), r.getString(0));
    }
    assertTrue(first.ingest().piiMasked().get("phone") > 0, "the demo plants phone numbers");
    // the hotline's caller numbers are only ever stored as keyed hashes
    assertTrue(c.filter(col(Complaints.COMPLAINANT_KEY).rlike("^1[3-9]\\d{9}$")).isEmpty());
  }

  @Test
  void schemaIsTheDeclaredOne() {
    Dataset<Row> c = IngestFixtures.complaints(spark(), lake);
    assertEquals(Tables.COMPLAINTS.columnNames(), List.of(c.columns()));
    assertEquals(Tables.QUARANTINE.columnNames(), List.of(IngestFixtures.quarantine(spark(), lake).columns()));
    assertEquals(92, c.select(Complaints.DT).distinct().count(), "one partition per day of the demo period");
  }

  @Test
  void sameInputTwiceGivesTheSameRunIdFileNamesAndRows() throws Exception {
    Path lake2 = tmp.resolve("lake-again");
    Nightly.Summary again = IngestFixtures.ingest(spark(), lake2, "2026-11-01", demoSources(demo));
    assertEquals(first.runId(), again.runId());
    assertEquals(listing(lake), listing(lake2));
    assertEquals(contentHash(lake), contentHash(lake2));
  }

  @Test
  void rerunIntoTheSameLakeIsIdempotent() throws Exception {
    Path lake3 = tmp.resolve("lake-rerun");
    IngestFixtures.ingest(spark(), lake3, "2026-11-01", demoSources(demo));
    String before = contentHash(lake3);
    Map<String, Long> files = listing(lake3);
    Nightly.Summary again = IngestFixtures.ingest(spark(), lake3, "2026-11-01", demoSources(demo));
    assertEquals(0, again.ingest().read(), "files a finished run ingested are not read again");
    var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.nio.file.Path.of(java.net.URI.create(again.manifest())).toFile());
    assertEquals(4, manifest.get("inputs_skipped").size(), "the four demo exports: " + manifest.get("inputs_skipped"));
    assertEquals(before, contentHash(lake3));
    assertEquals(files, listing(lake3));
  }

  @Test
  void aLaterNightReplacesUpdatedRowsAndKeepsTheRest() throws Exception {
    Path lake4 = tmp.resolve("lake-nights");
    Path night1 = IngestFixtures.copyDir(demo, tmp.resolve("night1"));
    Files.delete(night1.resolve("hotline/12345_export_update_0001.csv"));
    Nightly.Summary n1 = IngestFixtures.ingest(spark(), lake4, "2026-11-01", demoSources(night1));
    // Night 2 receives only the re-export with the updated replies.
    Path night2 = tmp.resolve("night2/hotline");
    Files.createDirectories(night2);
    Files.copy(demo.resolve("hotline/12345_export_update_0001.csv"), night2.resolve("12345_export_update_0001.csv"));
    Nightly.Summary n2 = IngestFixtures.ingest(spark(), lake4, "2026-11-02", Map.of("demo_hotline", List.of(night2.resolve("*.csv").toString())));
    assertEquals(3, n2.ingest().accepted());
    Dataset<Row> c = IngestFixtures.complaints(spark(), lake4);
    assertEquals(n1.ingest().accepted(), c.count(), "updates replace rows, they do not add any");
    assertEquals(3, c.filter(col(Complaints.RUN_ID).equalTo(n2.runId())).count());
    assertEquals(3, c.filter(col(Complaints.REPLY_TEXT).equalTo("您好，您反映的问题已办结，相关单位已完成整改。")).count());
    assertEquals(3, n2.ingest().replaced(), "the manifest says how many lake rows were replaced");
    assertEquals(n1.ingest().quarantined(), IngestFixtures.quarantine(spark(), lake4).count(), "night 2 quarantined nothing and kept night 1's rows");
  }

  /** File names and sizes under the tables (sizes may differ only in Parquet footers, see docs). */
  static Map<String, Long> listing(Path lake) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    for (String t : List.of("complaints", "quarantine")) {
      try (var s = Files.walk(lake.resolve(t))) {
        for (Path p : (Iterable<Path>) s::iterator) {
          if (Files.isRegularFile(p)) {
            out.put(lake.relativize(p).toString(), Files.size(p));
          }
        }
      }
    }
    return out;
  }

  /** SHA-256 over every row of both tables in a fixed order. */
  static String contentHash(Path lake) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (String t : List.of("complaints", "quarantine")) {
      Dataset<Row> d = spark().read().parquet(lake.resolve(t).toString());
      List<String> cols = new ArrayList<>(List.of(d.columns()));
      for (Row r : d.orderBy(cols.get(0), cols.subList(1, cols.size()).toArray(new String[0])).collectAsList()) {
        md.update(r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
