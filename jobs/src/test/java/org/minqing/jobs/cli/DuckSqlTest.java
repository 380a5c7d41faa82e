package org.minqing.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** minqing sql on DuckDB: tables as views, dt as a string, scripts, CSV quoting, Parquet output. */
class DuckSqlTest {
  @TempDir static Path lake;

  @BeforeAll
  static void tinyLake() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
      st.execute("COPY (SELECT * FROM (VALUES ('a:1', '路灯, 不亮', '2026-08-01'), ('a:2', '油烟', '2026-08-01'), ('a:3', '噪音', '2026-08-02')) t(complaint_id, title, dt)) TO '"
          + lake.resolve("complaints") + "' (FORMAT parquet, PARTITION_BY (dt))");
    }
    Files.createDirectories(lake.resolve("issues")); // a table folder without files is not a view
  }

  static String run(DuckSql db, String sql, String format) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    db.run(sql, format, 100, new PrintStream(b, true, StandardCharsets.UTF_8));
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void tablesAreViewsAndPartitionsAreStrings() throws Exception {
    try (DuckSql db = new DuckSql(lake)) {
      assertEquals(List.of("complaints"), db.views());
      assertEquals("dt\tn\n2026-08-01\t2\n2026-08-02\t1\n", run(db, "SELECT dt, count(*) AS n FROM complaints WHERE dt >= '2026-08-01' GROUP BY dt ORDER BY dt", "tsv"));
      assertEquals("t\nVARCHAR\n", run(db, "SELECT typeof(dt) AS t FROM complaints LIMIT 1", "tsv"));
    }
  }

  @Test
  void csvQuotesAndParquetOutput() throws Exception {
    try (DuckSql db = new DuckSql(lake)) {
      assertEquals("title\n\"路灯, 不亮\"\n", run(db, "SELECT title FROM complaints WHERE complaint_id = 'a:1'", "csv"));
      Path out = lake.resolve("out.parquet");
      db.toParquet("SELECT complaint_id FROM complaints;", out);
      assertEquals("n\n3\n", run(db, "SELECT count(*) AS n FROM read_parquet('" + out + "')", "tsv"));
    }
  }

  @Test
  void scriptsSplitAtSemicolonsOutsideQuotesAndComments() {
    assertEquals(List.of("SELECT ';' AS x", "SELECT 2"), DuckSql.statements("-- a comment; still a comment\nSELECT ';' AS x;\n\nSELECT 2;\n"));
  }
}
