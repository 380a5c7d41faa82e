package org.minqing.jobs.research;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.minqing.datasets.schema.Table;
import org.minqing.datasets.schema.Tables;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.spark.SparkSchemas;

/**
 * A research export: the lake's tables as a researcher outside the office may have them. No column
 * that could re-identify a person or link back to the source system leaves:
 *
 * <ul>
 *   <li>complaint, case and complainant ids are re-keyed with the export's own secret (HMAC-SHA256,
 *       16 hex): consistent inside one export, unlinkable to the lake and to other exports;
 *   <li>texts are the lake's masked texts (phones, ID and bank numbers, e-mails, self-given names and
 *       door numbers already replaced at ingest); the source's own ids ({@code source_id}), the text
 *       hash, exact times (only the date stays) and the quarantine's raw rows are left out;
 *   <li>with coarse places, village/community/grid/estate columns are dropped and every place finer
 *       than a district that the text names (estates, roads, buildings) becomes {@code [地点]}.
 * </ul>
 */
public final class ResearchExport {
  private ResearchExport() {}

  public record Result(Path out, Map<String, Long> rows) {}

  public static final String MASKED_PLACE = "[地点]";

  /** HMAC-SHA256 of {@code v} under {@code key}, 16 hex; {@code mac} is one initialised per thread. */
  static String rekey(Mac mac, String v) {
    return v == null ? null : HexFormat.of().formatHex(mac.doFinal(v.getBytes(StandardCharsets.UTF_8)), 0, 8);
  }

  static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A place is coarse (kept) when it is a province, city, district or county, or an anonymised code like A市A2区. */
  static boolean coarse(String place) {
    return place.matches("^[A-Z]?[\\p{IsHan}A-Z0-9]{0,8}(省|市|区|县)$") && !place.matches(".*(小区|社区|园区|校区|片区|景区|厂区|营区|住宅区|安置区|生活区|开发区)$");
  }

  static String maskPlaces(String text, scala.collection.Seq<String> places) {
    if (text == null || places == null) {
      return text;
    }
    List<String> fine = new ArrayList<>();
    for (String p : scala.jdk.javaapi.CollectionConverters.asJava(places)) {
      if (p != null && p.length() >= 2 && !coarse(p)) {
        fine.add(p);
      }
    }
    fine.sort((a, b) -> b.length() - a.length()); // longest first: 泰岸花园二期 before 泰岸花园
    String t = text;
    for (String p : fine) {
      t = t.replace(p, MASKED_PLACE);
    }
    return t;
  }

  public static Result run(SparkSession spark, Lake lake, Path out, byte[] key, boolean coarsePlaces) {
    if (key == null || key.length < 16) {
      throw new IllegalArgumentException("The export key must be at least 16 characters (--key or env MINQING_EXPORT_KEY); use a new one per export and keep it with the export's records, not with the data");
    }
    if (Files.exists(out)) {
      try (var s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException("Export folder " + out + " is not empty: choose a new folder (an export is written once)");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    byte[] k = key.clone();
    spark.udf().register("mq_rekey", new Rekey(k), DataTypes.StringType);
    spark.udf().register("mq_mask_places", (UDF3<String, scala.collection.Seq<String>, Boolean, String>) (t, p, on) -> on ? maskPlaces(t, p) : t, DataTypes.StringType);
    Map<String, Long> rows = new LinkedHashMap<>();

    // complaints
    if (lake.hasTable(Tables.COMPLAINTS.name())) {
      Dataset<Row> c = read(spark, lake, Tables.COMPLAINTS);
      Dataset<Row> places = lake.hasTable(Tables.TOKENS.name())
          ? read(spark, lake, Tables.TOKENS).select(col(Tables.Tokens.COMPLAINT_ID).as("_tid"), col(Tables.Tokens.PLACES).as("_places"))
          : spark.emptyDataFrame().withColumn("_tid", lit(null).cast("string")).withColumn("_places", lit(null).cast("array<string>"));
      Dataset<Row> j = c.join(places, col(Tables.Complaints.COMPLAINT_ID).equalTo(col("_tid")), "left");
      List<Column> cols = new ArrayList<>(List.of(
          rekey(Tables.Complaints.COMPLAINT_ID),
          col(Tables.Complaints.SOURCE), col(Tables.Complaints.CHANNEL),
          col(Tables.Complaints.DT).as("received_date"),
          callUDF("mq_mask_places", col(Tables.Complaints.TITLE), col("_places"), lit(coarsePlaces)).as(Tables.Complaints.TITLE),
          callUDF("mq_mask_places", col(Tables.Complaints.TEXT), col("_places"), lit(coarsePlaces)).as(Tables.Complaints.TEXT),
          col(Tables.Complaints.DISTRICT)));
      if (!coarsePlaces) {
        cols.addAll(List.of(col(Tables.Complaints.TOWNSHIP), col(Tables.Complaints.COMMUNITY), col(Tables.Complaints.GRID), col(Tables.Complaints.ESTATE)));
      }
      cols.addAll(List.of(
          rekey(Tables.Complaints.COMPLAINANT_KEY),
          col(Tables.Complaints.CO_SIGNERS), col(Tables.Complaints.LIKES), col(Tables.Complaints.DISLIKES), col(Tables.Complaints.CATEGORY_GIVEN),
          callUDF("mq_mask_places", col(Tables.Complaints.REPLY_TEXT), col("_places"), lit(coarsePlaces)).as(Tables.Complaints.REPLY_TEXT),
          expr("date_format(from_utc_timestamp(replied_at, 'Asia/Shanghai'), 'yyyy-MM-dd')").as("replied_date"),
          col(Tables.Complaints.IS_REPEAT)));
      rows.put("complaints", write(j.select(cols.toArray(new Column[0])), out.resolve("complaints"), "complaint_id"));
    }
    copy(spark, lake, Tables.CLASSIFIED, out, rows, List.of(Tables.Classified.COMPLAINT_ID), List.of(Tables.Classified.RUN_ID));
    copy(spark, lake, Tables.ISSUES, out, rows, List.of(Tables.Issues.REPRESENTATIVE_ID), List.of(Tables.Issues.RUN_ID));
    copy(spark, lake, Tables.ISSUE_MEMBERS, out, rows, List.of(Tables.IssueMembers.COMPLAINT_ID), List.of(Tables.IssueMembers.RUN_ID));
    copy(spark, lake, Tables.PATTERNS, out, rows, List.of(), List.of(Tables.Patterns.RUN_ID));
    copy(spark, lake, Tables.CASES, out, rows, List.of(Tables.Cases.CASE_ID), List.of(Tables.Cases.RUN_ID));
    copy(spark, lake, Tables.CARDS, out, rows, List.of(Tables.Cards.CASE_ID, Tables.Cards.CARD_ID), List.of(Tables.Cards.RUN_ID));
    copy(spark, lake, Tables.UNIT_SCORES, out, rows, List.of(), List.of(Tables.UnitScores.RUN_ID));
    writeReadme(out, rows, coarsePlaces);
    return new Result(out, rows);
  }

  /** The re-keying UDF: one initialised Mac per executor thread, not one per value. */
  static final class Rekey implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;
    private final byte[] key;
    private transient ThreadLocal<Mac> macs;

    Rekey(byte[] key) {
      this.key = key;
    }

    @Override
    public String call(String v) {
      if (macs == null) {
        macs = ThreadLocal.withInitial(() -> mac(key));
      }
      return rekey(macs.get(), v);
    }
  }

  private static Column rekey(String c) {
    return callUDF("mq_rekey", col(c)).as(c);
  }

  private static Dataset<Row> read(SparkSession spark, Lake lake, Table t) {
    return spark.read().schema(SparkSchemas.of(t)).parquet(lake.table(t.name()).toString());
  }

  private static void copy(SparkSession spark, Lake lake, Table t, Path out, Map<String, Long> rows, List<String> rekeyed, List<String> dropped) {
    if (!lake.hasTable(t.name())) {
      return;
    }
    Dataset<Row> d = read(spark, lake, t).drop(dropped.toArray(new String[0]));
    for (String c : rekeyed) {
      d = d.withColumn(c, callUDF("mq_rekey", col(c)));
    }
    rows.put(t.name(), write(d, out.resolve(t.name()), d.columns()[0]));
  }

  private static long write(Dataset<Row> d, Path dir, String sortBy) {
    Dataset<Row> sorted = d.coalesce(1).sortWithinPartitions(sortBy);
    sorted.write().mode("errorifexists").parquet(dir.toString());
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") || n.startsWith("_")) {
          Files.delete(p);
        } else if (n.endsWith(".parquet")) {
          Files.move(p, dir.resolve("part-00000.parquet"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return d.sparkSession().read().parquet(dir.toString()).count();
  }

  private static void writeReadme(Path out, Map<String, Long> rows, boolean coarse) {
    StringBuilder sb = new StringBuilder("# Minqing research export\n\n");
    sb.append("Tables (Parquet, one file each):\n\n| table | rows |\n|---|---:|\n");
    rows.forEach((t, n) -> sb.append("| ").append(t).append(" | ").append(n).append(" |\n"));
    sb.append("\nWhat was done to protect people (see docs/research.md of Minqing):\n\n")
        .append("- complaint, case and complainant ids are re-keyed with this export's secret: they join across these tables, not to anything else;\n")
        .append("- texts are masked (phones, ID and bank numbers, e-mails, self-given names, door numbers); source ids, text hashes and exact times are left out (dates only);\n")
        .append(coarse ? "- places are coarse: only districts/counties are kept; estates, roads and other fine places in texts read [地点];\n"
            : "- places are as in the lake (district, township, community, grid, estate columns and place names in texts);\n")
        .append("- the quarantine table (raw rows of bad input) and the tokens table are not exported.\n");
    try {
      Files.writeString(out.resolve("README.md"), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
