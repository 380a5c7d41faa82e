package org.minqing.jobs.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.datasets.schema.Tables;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.pipeline.Nightly;

/**
 * Plants personal data in an export, runs ingest + tokenize + cases, exports, and proves that none
 * of it — nor the lake's ids and keys — reaches any cell of any exported table.
 */
class ResearchExportTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Lake lake;
  static Path fine;
  static Path coarse;
  static Path otherKey;

  static final List<String> PLANTED = List.of("13912345678", "110101199003071234", "王小明", "6222021234567890123", "wxm@example.com", "3栋2单元501室", "501室");

  @BeforeAll
  static void lakeWithPlantedPii() throws Exception {
    Path csv = tmp.resolve("in/msgs.csv");
    Files.createDirectories(csv.getParent());
    StringBuilder sb = new StringBuilder("留言编号,留言用户,留言主题,留言时间,留言详情,反对数,点赞数\r\n");
    sb.append("900001,13912345678,幸福小区电梯故障,2019/5/6 10:00:00,\"我叫王小明，电话13912345678，身份证号110101199003071234，住在A市A2区幸福小区3栋2单元501室，电梯坏了三天。\",0,3\r\n");
    sb.append("900002,13912345678,幸福小区电梯又坏了,2019/5/9 10:00:00,\"还是幸福小区的电梯，请回电13912345678，邮箱wxm@example.com，退款请打到6222021234567890123。\",0,1\r\n");
    sb.append("900003,U0000042,沙田路路灯不亮,2019/5/9 11:00:00,\"A市A2区沙田路的路灯坏了两个月。\",0,0\r\n");
    Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
    Map<String, String> o = new LinkedHashMap<>();
    o.put("lake", tmp.resolve("lake").toString());
    o.put("run_date", "2019-05-31");
    o.put("sources", "[{profile: tipdm_fj3, paths: [\"" + csv + "\"]}]");
    MinqingConfig cfg = MinqingConfig.load(null, o);
    Nightly.run(spark(), cfg, Nightly.loadProfiles(cfg), null, "tokenize");
    lake = new Lake(cfg.lake().toString(), spark().sparkContext().hadoopConfiguration());
    fine = tmp.resolve("export-fine");
    coarse = tmp.resolve("export-coarse");
    otherKey = tmp.resolve("export-other");
    ResearchExport.run(spark(), lake, fine, "export-key-one-0123456789".getBytes(StandardCharsets.UTF_8), false);
    ResearchExport.run(spark(), lake, coarse, "export-key-one-0123456789".getBytes(StandardCharsets.UTF_8), true);
    ResearchExport.run(spark(), lake, otherKey, "export-key-two-0123456789".getBytes(StandardCharsets.UTF_8), false);
  }

  /** Every string (and string-array element) of every exported table. */
  static List<String> allStrings(Path export) throws Exception {
    List<String> out = new ArrayList<>();
    try (var tables = Files.list(export)) {
      for (Path t : tables.filter(Files::isDirectory).toList()) {
        Dataset<Row> d = spark().read().parquet(t.toString());
        for (Row r : d.collectAsList()) {
          for (StructField f : d.schema().fields()) {
            Object v = r.getAs(f.name());
            if (v == null) {
              continue;
            }
            if (f.dataType() instanceof StringType) {
              out.add((String) v);
            } else if (f.dataType() instanceof ArrayType) {
              out.addAll(r.getList(r.fieldIndex(f.name())).stream().map(String::valueOf).toList());
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void noPlantedPersonalDataInAnyCell() throws Exception {
    for (Path export : List.of(fine, coarse)) {
      List<String> cells = allStrings(export);
      assertTrue(cells.size() > 10, "the export has content");
      for (String pii : PLANTED) {
        for (String c : cells) {
          assertFalse(c.contains(pii), export.getFileName() + ": '" + pii + "' reached the export in '" + c + "'");
        }
      }
    }
  }

  @Test
  void noLakeIdOrKeyLeaves() throws Exception {
    List<Row> lakeRows = spark().read().parquet(lake.table(Tables.COMPLAINTS.name()).toString()).select("complaint_id", "source_id", "complainant_key", "text_hash").collectAsList();
    List<String> cells = allStrings(fine);
    for (Row r : lakeRows) {
      for (int i = 0; i < 4; i++) {
        String v = r.getString(i);
        assertFalse(cells.stream().anyMatch(c -> c.contains(v)), "lake value " + v + " is in the export");
      }
    }
  }

  @Test
  void reKeyedIdsJoinInsideAnExportButNotAcrossExports() {
    List<Row> a = spark().read().parquet(fine.resolve("complaints").toString()).orderBy("received_date", "title").select("complaint_id", "complainant_key").collectAsList();
    List<Row> b = spark().read().parquet(otherKey.resolve("complaints").toString()).orderBy("received_date", "title").select("complaint_id", "complainant_key").collectAsList();
    assertEquals(3, a.size());
    assertEquals(a.get(0).getString(1), a.get(1).getString(1), "the same complainant keeps one key inside the export");
    assertNotEquals(a.get(0).getString(1), a.get(2).getString(1));
    for (int i = 0; i < 3; i++) {
      assertNotEquals(a.get(i).getString(0), b.get(i).getString(0), "another export key gives other ids");
      assertNotEquals(a.get(i).getString(1), b.get(i).getString(1));
    }
  }

  @Test
  void coarsePlacesDropFinePlacesAndKeepDistricts() throws Exception {
    List<String> cells = allStrings(coarse);
    assertEquals(List.of(), cells.stream().filter(c -> c.contains("幸福小区") || c.contains("沙田路")).toList(), "fine places are masked");
    assertTrue(cells.stream().anyMatch(c -> c.contains("A市A2区")), "districts stay");
    assertTrue(cells.stream().anyMatch(c -> c.contains(ResearchExport.MASKED_PLACE)));
    List<String> columns = List.of(spark().read().parquet(coarse.resolve("complaints").toString()).columns());
    assertFalse(columns.contains("estate") || columns.contains("community") || columns.contains("township"), columns.toString());
    assertTrue(allStrings(fine).stream().anyMatch(c -> c.contains("幸福小区")), "without --coarse-places the estate stays");
  }

  @Test
  void exportsOnlyIntoANewFolderAndWithARealKey() {
    var e = assertThrows(IllegalArgumentException.class, () -> ResearchExport.run(spark(), lake, fine, "export-key-one-0123456789".getBytes(StandardCharsets.UTF_8), false));
    assertTrue(e.getMessage().contains("is not empty"));
    e = assertThrows(IllegalArgumentException.class, () -> ResearchExport.run(spark(), lake, tmp.resolve("x"), "short".getBytes(StandardCharsets.UTF_8), false));
    assertTrue(e.getMessage().contains("at least 16 characters"));
  }
}
