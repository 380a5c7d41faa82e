package org.minqing.jobs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.minqing.datasets.schema.Table;
import org.minqing.datasets.schema.Tables;

/**
 * SQL over a local lake with DuckDB (in-process, starts in milliseconds, reads the Hive-partitioned
 * Parquet directly): every table of the lake is a view named like the table, {@code dt} a string as
 * in Spark. Spark SQL stays available ({@code --engine spark}) for lakes on HDFS/S3 or a cluster.
 */
final class DuckSql implements AutoCloseable {
  private final Connection conn;
  private final List<String> views = new ArrayList<>();

  DuckSql(Path lake) throws SQLException {
    conn = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = conn.createStatement()) {
      st.execute("SET TimeZone = 'Asia/Shanghai'");
      for (Table t : Tables.all()) {
        Path dir = lake.resolve(t.name());
        if (!Files.isDirectory(dir) || !hasParquet(dir)) {
          continue;
        }
        String glob = dir.toAbsolutePath().toString().replace("'", "''") + "/*/*.parquet";
        st.execute("CREATE VIEW " + t.name() + " AS SELECT * FROM read_parquet('" + glob + "', hive_partitioning = true, union_by_name = true, hive_types = {'"
            + t.partitionBy().get(0) + "': VARCHAR})");
        views.add(t.name());
      }
    }
  }

  private static boolean hasParquet(Path dir) {
    try (var s = Files.walk(dir, 2)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      return false;
    }
  }

  List<String> views() {
    return views;
  }

  /** Runs one statement; prints a result set as TSV/CSV (at most maxRows rows). */
  void run(String sql, String format, int maxRows, PrintStream out) throws SQLException {
    try (Statement st = conn.createStatement()) {
      if (!st.execute(sql)) {
        return;
      }
      try (ResultSet rs = st.getResultSet()) {
        print(rs, format, maxRows, out);
      }
    }
  }

  /** Writes the query's result as one Parquet file. */
  void toParquet(String sql, Path file) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("COPY (" + stripSemicolon(sql) + ") TO '" + file.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT parquet)");
    }
  }

  static String stripSemicolon(String s) {
    String t = s.strip();
    while (t.endsWith(";")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }

  static void print(ResultSet rs, String format, int maxRows, PrintStream out) throws SQLException {
    String sep = "csv".equals(format) ? "," : "\t";
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> head = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      head.add(md.getColumnLabel(i));
    }
    out.println(String.join(sep, head));
    int rows = 0;
    while (rs.next() && rows < maxRows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        if (i > 1) {
          sb.append(sep);
        }
        Object v = rs.getObject(i);
        String s = v == null ? "" : v instanceof java.sql.Array a ? java.util.Arrays.toString((Object[]) a.getArray()) : v.toString();
        s = s.replace("\n", " ").replace("\t", " ");
        if ("csv".equals(format) && (s.contains(",") || s.contains("\""))) {
          s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        sb.append(s);
      }
      out.println(sb);
      rows++;
    }
  }

  /** Splits a script into statements at semicolons outside quotes and comments. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (!single && !dbl && c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
        while (i < script.length() && script.charAt(i) != '\n') {
          i++;
        }
        cur.append('\n');
        continue;
      }
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      }
      if (c == ';' && !single && !dbl) {
        if (!cur.toString().isBlank()) {
          out.add(cur.toString().strip());
        }
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  /** The prompt: statements end with ';', .tables lists the views, .quit (or end of input) leaves. */
  void interactive(String format, int maxRows) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.err.println("Minqing SQL (DuckDB) on " + views.size() + " tables: " + String.join(", ", views) + ". End statements with ';'. .tables, .quit");
    StringBuilder buf = new StringBuilder();
    while (true) {
      System.err.print(buf.isEmpty() ? "minqing> " : "      -> ");
      String line = in.readLine();
      if (line == null || (buf.isEmpty() && line.strip().equals(".quit"))) {
        return;
      }
      if (buf.isEmpty() && line.strip().equals(".tables")) {
        System.out.println(String.join("\n", views));
        continue;
      }
      buf.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        for (String s : statements(buf.toString())) {
          try {
            run(s, format, maxRows, System.out);
          } catch (SQLException e) {
            System.err.println("error: " + e.getMessage().lines().findFirst().orElse(""));
          }
        }
        buf.setLength(0);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    conn.close();
  }
}
