package org.minqing.jobs.cases;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.CaseEvents;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.spark.SparkSchemas;

/**
 * How long cases took and which cards they would have earned, on calendar and on working days,
 * from the lake's {@code case_events} (optionally of one source): the numbers of the 附件4 report.
 * Only aggregates reach the driver.
 */
public final class CasesReport {
  private CasesReport() {}

  static final StructType ROW = new StructType().add("basis", DataTypes.StringType).add("year", DataTypes.IntegerType).add("closed", DataTypes.BooleanType)
      .add("days", DataTypes.DoubleType).add("working_days", DataTypes.IntegerType).add("yellow", DataTypes.BooleanType).add("red", DataTypes.BooleanType);

  public static String markdown(SparkSession spark, Lake lake, String source, LocalDate asOfDate, ZoneId zone, WorkCalendar calendar, int yellowDays, int redDays, String title) {
    Dataset<Row> ev = spark.read().schema(SparkSchemas.of(Tables.CASE_EVENTS)).parquet(lake.table(Tables.CASE_EVENTS.name()).toString());
    if (source != null) {
      ev = ev.filter(col(CaseEvents.SOURCE).equalTo(source));
    }
    Instant asOf = asOfDate.plusDays(1).atStartOfDay(zone).toInstant();
    CaseRules cal = new CaseRules(new CaseRules.Params(false, yellowDays, redDays), calendar, zone);
    CaseRules work = new CaseRules(new CaseRules.Params(true, yellowDays, redDays), calendar, zone);
    long asOfMs = asOf.toEpochMilli();
    String z = zone.getId();
    Dataset<Row> per = ev.groupByKey((MapFunction<Row, String>) r -> r.getString(r.fieldIndex(CaseEvents.CASE_ID)), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (id, rows) -> {
          List<CaseRules.Event> list = new ArrayList<>();
          long i = 0;
          while (rows.hasNext()) {
            Row r = rows.next();
            list.add(new CaseRules.Event(r.getString(r.fieldIndex(CaseEvents.EVENT)), ((Timestamp) r.get(r.fieldIndex(CaseEvents.EVENT_AT))).toInstant(),
                null, r.getString(r.fieldIndex(CaseEvents.UNIT)), null, i++));
          }
          List<Row> out = new ArrayList<>();
          for (CaseRules rules : List.of(cal, work)) {
            CaseRules.State s = rules.evaluate(list, Instant.ofEpochMilli(asOfMs));
            if (s == null) {
              continue;
            }
            boolean y = s.cards().stream().anyMatch(c -> c.colour().equals("yellow"));
            boolean rd = s.cards().stream().anyMatch(c -> c.colour().equals("red"));
            out.add(RowFactory.create(rules == cal ? "calendar" : "working", s.receivedAt().atZone(ZoneId.of(z)).getYear(), !s.open(), s.daysOpen(), s.workingDaysOpen(), y, rd));
          }
          Iterator<Row> it = out.iterator();
          return it;
        }, Encoders.row(ROW));
    per.createOrReplaceTempView("case_report");
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(title).append("\n\n");
    Row all = spark.sql("SELECT count(*), sum(CASE WHEN closed THEN 1 ELSE 0 END), percentile(days, 0.5), percentile(days, 0.9), max(days), min(days), avg(days), "
        + "percentile(working_days, 0.5), percentile(working_days, 0.9) FROM case_report WHERE basis = 'calendar'").first();
    sb.append(String.format(Locale.ROOT, "Cases: **%,d** (%,d closed by %s). Days from receipt (留言时间) to close (答复时间): median **%.1f**, p90 **%.1f**, mean %.1f, min %.2f, max %,.1f. "
        + "Working days (holidays and 调休 counted): median %.0f, p90 %.0f.%n%n", all.getLong(0), all.getLong(1), asOfDate, all.getDouble(2), all.getDouble(3), all.getDouble(6),
        all.getDouble(5), all.getDouble(4), all.isNullAt(7) ? Double.NaN : all.getDouble(7), all.isNullAt(8) ? Double.NaN : all.getDouble(8)));
    sb.append("## Cards that would have been issued\n\n")
        .append(String.format(Locale.ROOT, "Yellow: open more than %d days; red: more than %d days. A card is issued once and never revoked.%n%n", yellowDays, redDays))
        .append("| day basis | cases | yellow | share | red | share | closed without a card |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : spark.sql("SELECT basis, count(*), sum(CASE WHEN yellow THEN 1 ELSE 0 END), sum(CASE WHEN red THEN 1 ELSE 0 END), "
        + "sum(CASE WHEN closed AND NOT yellow THEN 1 ELSE 0 END) FROM case_report GROUP BY basis ORDER BY basis").collectAsList()) {
      long n = r.getLong(1);
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f%% | %,d | %.1f%% | %,d (%.1f%%) |%n", r.getString(0), n, r.getLong(2), 100.0 * r.getLong(2) / n, r.getLong(3),
          100.0 * r.getLong(3) / n, r.getLong(4), 100.0 * r.getLong(4) / n));
    }
    sb.append("\n## Distribution of days to close (calendar days)\n\n| days | cases | share | cumulative |\n|---|---:|---:|---:|\n");
    String bucket = "CASE WHEN days <= 1 THEN '0–1' WHEN days <= 3 THEN '1–3' WHEN days <= 7 THEN '3–7' WHEN days <= 15 THEN '7–15' WHEN days <= 30 THEN '15–30' "
        + "WHEN days <= 90 THEN '30–90' WHEN days <= 365 THEN '90–365' ELSE '> 365' END";
    String order = "CASE b WHEN '0–1' THEN 0 WHEN '1–3' THEN 1 WHEN '3–7' THEN 2 WHEN '7–15' THEN 3 WHEN '15–30' THEN 4 WHEN '30–90' THEN 5 WHEN '90–365' THEN 6 ELSE 7 END";
    long total = all.getLong(0);
    long cum = 0;
    for (Row r : spark.sql("SELECT b, count(*) FROM (SELECT " + bucket + " AS b FROM case_report WHERE basis = 'calendar') GROUP BY b ORDER BY " + order).collectAsList()) {
      cum += r.getLong(1);
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %.1f%% | %.1f%% |%n", r.getString(0), r.getLong(1), 100.0 * r.getLong(1) / total, 100.0 * cum / total));
    }
    sb.append("\n## By year of receipt (calendar days)\n\n| year | cases | median days | p90 days | yellow | red | red share |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : spark.sql("SELECT year, count(*), percentile(days, 0.5), percentile(days, 0.9), sum(CASE WHEN yellow THEN 1 ELSE 0 END), sum(CASE WHEN red THEN 1 ELSE 0 END) "
        + "FROM case_report WHERE basis = 'calendar' GROUP BY year ORDER BY year").collectAsList()) {
      sb.append(String.format(Locale.ROOT, "| %d | %,d | %.1f | %.1f | %,d | %,d | %.1f%% |%n", r.getInt(0), r.getLong(1), r.getDouble(2), r.getDouble(3), r.getLong(4), r.getLong(5),
          100.0 * r.getLong(5) / r.getLong(1)));
    }
    return sb.toString();
  }

  /**
   * 问题解决清单: the cases a unit closed, month by month, as a public-style list — what the problem
   * was (the masked title), when it was received and closed, how long it took, the 回访 answer.
   * From the latest {@code cases} snapshot joined to {@code complaints}; no personal data (titles
   * are masked at ingest, complainants are not shown).
   */
  public static String resolvedList(SparkSession spark, Lake lake, String unit, String period, ZoneId zone) {
    Dataset<Row> cases = spark.read().schema(SparkSchemas.of(Tables.CASES)).parquet(lake.table(Tables.CASES.name()).toString());
    String latest = cases.agg(org.apache.spark.sql.functions.max(Tables.Cases.DT)).first().getString(0);
    cases.filter(col(Tables.Cases.DT).equalTo(latest)).createOrReplaceTempView("rl_cases");
    if (lake.hasTable(Tables.COMPLAINTS.name())) {
      spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString()).createOrReplaceTempView("rl_complaints");
    } else {
      spark.createDataFrame(List.of(), SparkSchemas.of(Tables.COMPLAINTS)).createOrReplaceTempView("rl_complaints");
    }
    String z = zone.getId().replace("'", "");
    String where = "c.status = 'closed'" + (unit == null ? "" : " AND c.unit = '" + unit.replace("'", "''") + "'")
        + (period == null ? "" : " AND date_format(from_utc_timestamp(c.closed_at, '" + z + "'), 'yyyy-MM') = '" + period.replace("'", "''") + "'");
    List<Row> rows = spark.sql("SELECT c.unit, date_format(from_utc_timestamp(c.closed_at, '" + z + "'), 'yyyy-MM') AS month, c.case_id, "
        + "coalesce(p.title, substr(p.text, 1, 40)) AS title, date_format(from_utc_timestamp(c.received_at, '" + z + "'), 'yyyy-MM-dd') AS received, "
        + "date_format(from_utc_timestamp(c.closed_at, '" + z + "'), 'yyyy-MM-dd') AS closed, c.days_open, c.satisfaction, c.yellow, c.red "
        + "FROM rl_cases c LEFT JOIN rl_complaints p ON p.complaint_id = c.case_id WHERE " + where + " ORDER BY c.unit, month, c.closed_at, c.case_id").collectAsList();
    StringBuilder sb = new StringBuilder();
    sb.append("# 问题解决清单").append(unit == null ? "" : "：" + unit).append(period == null ? "" : "（" + period + "）").append("\n\n");
    sb.append(String.format(Locale.ROOT, "Closed cases as of %s: %,d.%n", latest, rows.size()));
    String current = null;
    int n = 0;
    for (Row r : rows) {
      String key = r.getString(0) + " · " + r.getString(1);
      if (!key.equals(current)) {
        current = key;
        n = 0;
        sb.append("\n## ").append(r.isNullAt(0) ? "(no unit)" : r.getString(0)).append(" — ").append(r.getString(1)).append("\n\n")
            .append("| # | 问题 | 受理 | 办结 | 用时（天） | 回访 | 督办 |\n|---:|---|---|---|---:|---|---|\n");
      }
      String title = r.isNullAt(3) ? "—" : r.getString(3).replace("|", "｜");
      if (title.length() > 40) {
        title = title.substring(0, 40) + "…";
      }
      String sat = r.isNullAt(7) ? "" : switch (r.getString(7)) {
        case "satisfied" -> "满意";
        case "basically_satisfied" -> "基本满意";
        case "dissatisfied" -> "不满意";
        default -> r.getString(7);
      };
      String card = r.getBoolean(9) ? "红牌" : r.getBoolean(8) ? "黄牌" : "";
      sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.1f | %s | %s |%n", ++n, title, r.getString(4), r.getString(5), r.getDouble(6), sat, card));
    }
    return sb.toString();
  }
}
