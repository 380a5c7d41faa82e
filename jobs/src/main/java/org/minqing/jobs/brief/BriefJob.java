package org.minqing.jobs.brief;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minqing.datasets.schema.Table;
import org.minqing.datasets.schema.Tables;
import org.minqing.jobs.issues.Trend;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.spark.SparkSchemas;

/**
 * The brief for a 民情分析会: a Markdown document in Chinese, read from the lake, with every number
 * reproducible — each comes from a named query whose SQL and result rows are written next to the
 * brief ({@code brief.json}). Same lake and parameters → identical files.
 *
 * <p>Sections: headline numbers with the change against the previous period of the same length;
 * cross-location patterns first (with a suggested agenda item, its lead department and those
 * working with it); the period's hot issues (heat counted within the period; trend, burst and status
 * as of its end, from the members' dates, so a brief for an earlier period written from a later run
 * is about that period) with the representative (masked) title, or the start of its text when it has none; emerging issues (first seen in the
 * period, bursting or growing at its end); categories and districts; cards and overdue cases by
 * unit; follow-up of the issues raised in the previous brief; data quality.
 */
public final class BriefJob {
  private BriefJob() {}

  /** Meeting level: 乡镇/街道 (any range), 县/区 (monthly), 市 (quarterly). */
  public enum Level {
    TOWNSHIP("乡镇（街道）"), COUNTY("县（区）"), CITY("市");

    final String zh;

    Level(String zh) {
      this.zh = zh;
    }
  }

  public record Period(LocalDate from, LocalDate to, String name) {
    long days() {
      return ChronoUnit.DAYS.between(from, to) + 1;
    }

    Period previous() {
      LocalDate pTo = from.minusDays(1);
      return new Period(pTo.minusDays(days() - 1), pTo, "previous");
    }

    /** {@code 2026-10} (a month), {@code 2026-Q3} (a quarter) or {@code 2026-10-01..2026-10-15}. */
    public static Period parse(String s) {
      try {
        if (s.matches("\\d{4}-\\d{2}")) {
          YearMonth m = YearMonth.parse(s);
          return new Period(m.atDay(1), m.atEndOfMonth(), s);
        }
        if (s.matches("\\d{4}-Q[1-4]")) {
          int y = Integer.parseInt(s.substring(0, 4));
          int q = s.charAt(6) - '0';
          LocalDate f = LocalDate.of(y, (q - 1) * 3 + 1, 1);
          return new Period(f, f.plusMonths(3).minusDays(1), s);
        }
        if (s.contains("..")) {
          String[] ab = s.split("\\.\\.");
          LocalDate f = LocalDate.parse(ab[0]);
          LocalDate t = LocalDate.parse(ab[1]);
          if (t.isBefore(f)) {
            throw new IllegalArgumentException("--period " + s + " ends before it starts");
          }
          return new Period(f, t, s.replace("..", "_"));
        }
      } catch (java.time.DateTimeException e) {
        // fall through to the message below
      }
      throw new IllegalArgumentException("--period must be a month (2026-10), a quarter (2026-Q3) or a range (2026-10-01..2026-10-15), got '" + s + "'");
    }
  }

  public record Result(Path markdown, Path html, Path docx, Path sidecar, Map<String, Object> headline) {}

  /** A chart of the brief: file name under {@code charts/}, caption, and the named queries it draws. */
  record Chart(String file, String caption, List<String> queries, byte[] png) {}

  /**
   * Where a complaint is, for the geography section: the source's 区县; else the first place the text
   * mentions that is an anonymised district code ({@code A3区}, {@code K9县}, after any 省/市 prefix)
   * or a district some source records ({@code known}); else 未注明. Free-text names ending in 区 are
   * not trusted on their own (景区, 小区, 摊位区 …).
   */
  static String districtExpr(List<String> known) {
    String names = known.isEmpty() ? "" : " OR p IN (" + String.join(", ", known.stream().map(d -> "'" + d.replace("'", "''") + "'").toList()) + ")";
    return "coalesce(c.district, try_element_at(filter(transform(t.places, p -> regexp_replace(p, '^.*[省市]', '')), p -> p rlike '^[A-Z][0-9]+[区县]$'" + names + "), 1), '（未注明）')";
  }

  /** Chart note line (alt text = caption) in the brief's Markdown. */
  static String image(Chart c) {
    return "![" + c.caption() + "](charts/" + c.file() + ")\n\n";
  }

  /** Collects named queries and their results for the sidecar. */
  static final class Queries {
    final SparkSession spark;
    final List<Map<String, Object>> log = new ArrayList<>();

    Queries(SparkSession spark) {
      this.spark = spark;
    }

    List<Row> run(String name, String sql) {
      List<Row> rows = spark.sql(sql).collectAsList();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", name);
      e.put("sql", sql);
      List<Map<String, Object>> out = new ArrayList<>();
      for (Row r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : r.schema().fieldNames()) {
          Object v = r.getAs(f);
          m.put(f, v instanceof scala.collection.Seq<?> s ? scala.jdk.javaapi.CollectionConverters.asJava(s) : v == null ? null : v instanceof Number || v instanceof Boolean ? v : v.toString());
        }
        out.add(m);
      }
      e.put("rows", out);
      log.add(e);
      return rows;
    }

    long one(String name, String sql) {
      List<Row> r = run(name, sql);
      return r.isEmpty() || r.get(0).isNullAt(0) ? 0 : ((Number) r.get(0).get(0)).longValue();
    }
  }

  public static Result run(SparkSession spark, Lake lake, Path outDir, Level level, Period period, String region) {
    for (Table t : Tables.all()) {
      if (lake.hasTable(t.name())) {
        spark.read().schema(SparkSchemas.of(t)).parquet(lake.table(t.name()).toString()).createOrReplaceTempView(t.name());
      } else {
        spark.createDataFrame(List.of(), SparkSchemas.of(t)).createOrReplaceTempView(t.name());
      }
    }
    Queries q = new Queries(spark);
    String from = period.from().toString();
    String to = period.to().toString();
    Period prev = period.previous();
    String reg = region == null ? "" : " AND district = '" + region.replace("'", "''") + "'";
    String inPeriod = "dt BETWEEN '" + from + "' AND '" + to + "'" + reg;
    String inPrev = "dt BETWEEN '" + prev.from() + "' AND '" + prev.to() + "'" + reg;
    // the issues snapshot describing the period: the latest run up to its end, else the first run after it
    // (a brief is written after the period; the nightly run of the next day covers its last day)
    String snap = "(SELECT coalesce(max(CASE WHEN dt <= '" + to + "' THEN dt END), min(dt)) FROM issues)";
    String psnap = "(SELECT coalesce(max(CASE WHEN dt <= '" + to + "' THEN dt END), min(dt)) FROM patterns)";
    String regionComplaints = region == null ? "" : " AND complaint_id IN (SELECT complaint_id FROM complaints WHERE district = '" + region.replace("'", "''") + "')";

    StringBuilder md = new StringBuilder();
    String title = (region == null ? "" : region) + level.zh + "民情分析简报";
    md.append("# ").append(title).append("\n\n");
    md.append(String.format(Locale.ROOT, "**时段**：%s 至 %s（%d 天）　**对比**：%s 至 %s%n%n", from, to, period.days(), prev.from(), prev.to()));

    // 一、总体情况
    long n = q.one("complaints_in_period", "SELECT count(*) FROM complaints WHERE " + inPeriod);
    long np = q.one("complaints_in_previous_period", "SELECT count(*) FROM complaints WHERE " + inPrev);
    long people = q.one("complainants_in_period", "SELECT count(DISTINCT complainant_key) FROM complaints WHERE " + inPeriod);
    long received = q.one("cases_received_in_period", "SELECT count(*) FROM cases WHERE dt = (SELECT max(dt) FROM cases) AND to_date(from_utc_timestamp(received_at, 'Asia/Shanghai')) BETWEEN '" + from + "' AND '" + to + "'" + regionCase(region));
    long closed = q.one("cases_closed_of_those", "SELECT count(*) FROM cases WHERE dt = (SELECT max(dt) FROM cases) AND status = 'closed' AND to_date(from_utc_timestamp(received_at, 'Asia/Shanghai')) BETWEEN '" + from + "' AND '" + to + "'" + regionCase(region));
    long yellow = q.one("yellow_cards_in_period", "SELECT count(*) FROM cards WHERE colour = 'yellow' AND dt BETWEEN '" + from + "' AND '" + to + "'" + regionCase(region));
    long red = q.one("red_cards_in_period", "SELECT count(*) FROM cards WHERE colour = 'red' AND dt BETWEEN '" + from + "' AND '" + to + "'" + regionCase(region));
    md.append("## 一、总体情况\n\n");
    md.append(String.format(Locale.ROOT, "本期共收到群众诉求 **%,d** 件（涉及 %,d 人），较上期%s；受理案件 %,d 件，已办结 %,d 件，办结率 %s；本期发出黄牌 %,d 张、红牌 %,d 张。%n%n",
        n, people, change(n, np), received, closed, received == 0 ? "—" : pct(closed, received), yellow, red));
    md.append("| 渠道 | 件数 | 占比 |\n|---|---:|---:|\n");
    for (Row r : q.run("complaints_by_channel", "SELECT channel, count(*) AS n FROM complaints WHERE " + inPeriod + " GROUP BY channel ORDER BY n DESC, channel")) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %s |%n", channelZh(r.getString(0)), r.getLong(1), pct(r.getLong(1), n)));
    }
    List<Chart> charts = new ArrayList<>();
    {
      List<Row> daily = q.run("complaints_per_day", "SELECT dt, count(*) AS n FROM complaints WHERE (" + inPeriod + ") OR (" + inPrev + ") GROUP BY dt ORDER BY dt");
      Chart trend = trendChart(period, prev, daily);
      charts.add(trend);
      md.append('\n').append(image(trend));
    }

    // 二、跨地点共性问题
    md.append("\n## 二、跨地点共性问题（建议以一项政策统一解决）\n\n");
    // the patterns reported within the period (in the region, when there is one), with their numbers as the snapshot has them
    List<Row> patterns = q.run("patterns", "SELECT pattern_id, label, place_count, places, complaints, households, first_seen, last_seen, representative_titles FROM patterns WHERE dt = " + psnap
        + " AND pattern_id IN (SELECT m.pattern_id FROM issue_members m JOIN complaints c USING (complaint_id) WHERE m.dt = " + psnap + " AND m.pattern_id IS NOT NULL AND c.dt BETWEEN '" + from + "' AND '" + to + "'"
        + reg.replace("district", "c.district") + ") ORDER BY households DESC, place_count DESC, pattern_id LIMIT 5");
    if (patterns.isEmpty()) {
      md.append("本期未发现跨地点共性问题。\n");
    }
    int i = 0;
    for (Row p : patterns) {
      i++;
      List<String> places = p.getList(3);
      String pid = p.getString(0);
      List<Row> depts = q.run("pattern_departments_" + pid, "SELECT replace(k.department, coalesce(c.district, ''), '') AS department, count(*) AS n FROM classified k JOIN complaints c USING (complaint_id) WHERE k.department IS NOT NULL "
          + "AND k.complaint_id IN (SELECT complaint_id FROM issue_members WHERE dt = " + psnap + " AND pattern_id = '" + pid + "') GROUP BY 1 ORDER BY n DESC, department");
      md.append(String.format(Locale.ROOT, "%d. **%s**：涉及 **%d** 个地点（%s%s），累计 %,d 件诉求、%,d 户（人），最早 %s，最近 %s。%n", i, p.getString(1), p.getInt(2),
          String.join("、", places.subList(0, Math.min(8, places.size()))), places.size() > 8 ? "等" : "", p.getLong(4), p.getLong(5), p.getString(6), p.getString(7)));
      List<String> reps = p.getList(8);
      if (!reps.isEmpty()) {
        md.append("   - 群众原话（已脱敏）：").append(String.join("；", reps.stream().map(s -> "「" + s + "」").toList())).append("\n");
      }
      md.append("   - **建议议题**：研究").append(topic(p.getString(1))).append("问题的统一解决办法，一次性解决 ").append(p.getInt(2)).append(" 个地点的同类诉求");
      List<String> units = agendaDepartments(depts);
      if (!units.isEmpty()) {
        md.append("；牵头部门：").append(units.get(0));
        if (units.size() > 1) {
          md.append("，配合部门：").append(String.join("、", units.subList(1, units.size())));
        }
      }
      md.append("。\n");
    }

    // 三、热点问题: ranked by heat within the period, with trend and status as of the period's end, all
    // from the members' dates (a brief written from a later snapshot, or for an earlier period, counts
    // the period, not the snapshot's heat window: docs/examples/README.md)
    LocalDate end = period.to();
    String activity = activitySql(snap, from, to, region);
    md.append("\n## 三、热点问题\n\n按本期热度排序。本期、人数：本期的诉求件数和人数；累计：截至期末的诉求件数；走势：截至期末 12 周的每周件数。\n\n"
        + "| 排名 | 问题 | 本期 | 人数 | 累计 | 走势 | 状态 | 代表性诉求（已脱敏） |\n|---:|---|---:|---:|---:|---|---|---|\n");
    List<Row> hot = q.run("hot_issues", "SELECT a.issue_id, i.label, a.complaints, a.people, a.total, a.weekly, a.first_seen, a.last_seen, a.last14, a.prev14, "
        + "round(a.people + 0.25 * (a.complaints - a.people) + ln(1 + a.support), 3) AS heat, "
        + "coalesce(i.representative_title, CASE WHEN char_length(r.text) > 40 THEN concat(substr(r.text, 1, 40), '…') ELSE r.text END) AS representative "
        + "FROM (" + activity + ") a JOIN issues i ON i.issue_id = a.issue_id AND i.dt = " + snap + " LEFT JOIN complaints r ON r.complaint_id = i.representative_id"
        + " WHERE a.complaints > 0 ORDER BY heat DESC, a.issue_id LIMIT 10");
    List<Activity> hotNow = hot.stream().map(r -> Activity.of(r, from, end)).toList();
    int k = 0;
    List<String> hotIds = new ArrayList<>();
    for (Activity a : hotNow) {
      Row r = a.row();
      hotIds.add(r.getString(0));
      md.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,d | %,d | %s | %s | %s |%n", ++k, r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), spark(a.weekly()),
          statusZh(a.status(), a.burst()), r.isNullAt(11) ? "" : r.getString(11).replace("|", "｜")));
    }

    if (!hot.isEmpty()) {
      List<String> names = new ArrayList<>();
      List<double[]> weeks = new ArrayList<>();
      for (Activity a : hotNow) {
        names.add(a.row().getString(1));
        weeks.add(java.util.Arrays.stream(a.weekly()).asDoubleStream().toArray());
      }
      Chart c = new Chart("hot-issues.png", "图" + (charts.size() + 1) + "　热点问题12周走势（截至期末，每周诉求件数）", List.of("hot_issues"),
          BriefCharts.smallMultiples("热点问题12周走势（件/周，截至 " + to + "）", names, weeks, "各小图按本问题自身峰值缩放；排名按本期热度，热度公式见 docs/issues.md"));
      charts.add(c);
      md.append('\n').append(image(c));
    }

    // 四、新出现和突发问题: first seen in the period (with at least two complaints in it), bursting in
    // its last week, or growing over its last 14 days (Trend's rules, as of the period's end)
    md.append("\n## 四、新出现和突发问题\n\n");
    List<Row> candidates = q.run("emerging_issues", "SELECT a.issue_id, i.label, a.complaints, a.people, a.total, a.weekly, a.first_seen, a.last_seen, a.last14, a.prev14 FROM (" + activity
        + ") a JOIN issues i ON i.issue_id = a.issue_id AND i.dt = " + snap + " WHERE a.complaints > 0 AND ((a.first_seen >= '" + from + "' AND a.complaints >= 2) OR element_at(a.weekly, " + Trend.WEEKS + ") >= " + Trend.BURST_MIN
        + " OR (a.last14 >= 3 AND a.last14 - a.prev14 >= 0.5 * greatest(a.prev14, 1))) ORDER BY element_at(a.weekly, " + Trend.WEEKS + ") DESC, a.last14 DESC, a.complaints DESC, a.issue_id LIMIT 40");
    List<Activity> emerging = new ArrayList<>();
    for (Row r : candidates) {
      Activity a = Activity.of(r, from, end);
      if (a.burst() || a.status().equals("new") && r.getLong(2) >= 2 || a.status().equals("growing")) {
        emerging.add(a);
      }
    }
    emerging.sort(java.util.Comparator.comparing((Activity a) -> !a.burst()).thenComparing(a -> -a.row().getLong(2)).thenComparing(a -> a.row().getString(0)));
    if (emerging.isEmpty()) {
      md.append("本期无新出现、突发或快速增长的问题。\n");
    }
    for (Activity a : emerging.subList(0, Math.min(8, emerging.size()))) {
      Row r = a.row();
      md.append(String.format(Locale.ROOT, "- %s：本期 %,d 件（%,d 人），%s（首次出现 %s）%n", r.getString(1), r.getLong(2), r.getLong(3), statusZh(a.status(), a.burst()), r.getString(6)));
    }

    // 五、分类与区域
    md.append("\n## 五、问题分类与区域分布\n\n| 一级分类 | 件数 | 占比 | 上期 | 变化 |\n|---|---:|---:|---:|---|\n");
    List<Row> cats = q.run("complaints_by_category", "SELECT category, sum(CASE WHEN dt >= '" + from + "' THEN 1 ELSE 0 END) AS n, sum(CASE WHEN dt < '" + from
        + "' THEN 1 ELSE 0 END) AS prev FROM classified WHERE dt BETWEEN '" + prev.from() + "' AND '" + to + "'" + regionComplaints + " GROUP BY category HAVING n > 0 ORDER BY n DESC, category");
    for (Row r : cats) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %s |%n", r.getString(0), r.getLong(1), pct(r.getLong(1), n), r.getLong(2), change(r.getLong(1), r.getLong(2))));
    }
    if (!cats.isEmpty()) {
      Chart c = new Chart("categories.png", "图" + (charts.size() + 1) + "　一级分类诉求件数（竖线为上期）", List.of("complaints_by_category"),
          BriefCharts.bars("一级分类诉求件数", cats.stream().map(r -> r.getString(0)).toList(), cats.stream().mapToDouble(r -> r.getLong(1)).toArray(),
              cats.stream().mapToDouble(r -> r.getLong(2)).toArray(), "本期", "上期"));
      charts.add(c);
      md.append('\n').append(image(c));
    }
    List<String> known = q.run("known_districts", "SELECT DISTINCT district FROM complaints WHERE district IS NOT NULL ORDER BY district LIMIT 1000").stream().map(r -> r.getString(0)).toList();
    String placeExpr = region == null ? districtExpr(known) : "coalesce(c.township, c.community, c.estate, '（未注明）')";
    String placeHead = region == null ? "区县" : "乡镇（街道）";
    String placeFrom = "FROM complaints c LEFT JOIN tokens t USING (complaint_id)";
    md.append("\n| ").append(placeHead).append(" | 件数 | 上期 | 变化 |\n|---|---:|---:|---|\n");
    for (Row r : q.run("complaints_by_district", "SELECT " + placeExpr + " AS place, sum(CASE WHEN c.dt >= '" + from + "' THEN 1 ELSE 0 END) AS n, sum(CASE WHEN c.dt < '" + from
        + "' THEN 1 ELSE 0 END) AS prev " + placeFrom + " WHERE c.dt BETWEEN '" + prev.from() + "' AND '" + to + "'" + reg.replace("district", "c.district") + " GROUP BY 1 HAVING n > 0 ORDER BY place = '（未注明）', n DESC, place LIMIT 15")) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s |%n", r.getString(0), r.getLong(1), r.getLong(2), change(r.getLong(1), r.getLong(2))));
    }
    {
      List<Row> cells = q.run("complaints_by_place_and_category", "SELECT " + placeExpr + " AS place, k.category, count(*) AS n " + placeFrom
          + " JOIN classified k USING (complaint_id) WHERE c.dt BETWEEN '" + from + "' AND '" + to + "'" + reg.replace("district", "c.district") + " GROUP BY 1, 2");
      Chart c = placeGrid(cells, placeHead);
      if (c != null) {
        c = new Chart(c.file(), "图" + (charts.size() + 1) + "　" + c.caption(), c.queries(), c.png());
        charts.add(c);
        md.append('\n').append(image(c));
      }
    }

    // 六、超期件与黄红牌
    md.append("\n## 六、超期件、黄红牌与单位办理情况\n\n| 单位 | 黄牌 | 红牌 | 目前超期未结 |\n|---|---:|---:|---:|\n");
    List<Row> unitCards = q.run("cards_by_unit", "SELECT k.unit, k.yellow, k.red, coalesce(o.overdue, 0) AS overdue FROM (SELECT coalesce(unit, '（未注明）') AS unit, sum(CASE WHEN colour = 'yellow' THEN 1 ELSE 0 END) AS yellow, "
        + "sum(CASE WHEN colour = 'red' THEN 1 ELSE 0 END) AS red FROM cards WHERE dt BETWEEN '" + from + "' AND '" + to + "'" + regionCase(region) + " GROUP BY 1) k LEFT JOIN (SELECT coalesce(unit, '（未注明）') AS unit, count(*) AS overdue "
        + "FROM cases WHERE dt = (SELECT max(dt) FROM cases) AND status = 'open' AND yellow" + regionCase(region) + " GROUP BY 1) o ON o.unit = k.unit ORDER BY k.red DESC, k.yellow DESC, k.unit LIMIT 10");
    for (Row r : unitCards) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d |%n", r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3)));
    }
    if (!unitCards.isEmpty()) {
      double[][] v = new double[unitCards.size()][];
      for (int u = 0; u < v.length; u++) {
        v[u] = new double[] {unitCards.get(u).getLong(1), unitCards.get(u).getLong(2)};
      }
      Chart c = new Chart("cards-by-unit.png", "图" + (charts.size() + 1) + "　本期各单位黄牌、红牌", List.of("cards_by_unit"),
          BriefCharts.stacked("本期各单位黄牌、红牌（张）", unitCards.stream().map(r -> r.getString(0)).toList(), List.of("黄牌", "红牌"), List.of(BriefCharts.YELLOW, BriefCharts.RED), v));
      charts.add(c);
      md.append('\n').append(image(c));
    }
    md.append("\n受理量最大的单位（本期受理的案件，截至最近一次运行）：\n\n| 单位 | 受理 | 办结率 | 按时率 | 满意率 | 黄牌 | 红牌 | 上报 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : q.run("unit_scores", "SELECT CASE WHEN unit = '(no unit)' THEN '（未注明）' ELSE unit END AS unit, sum(received) AS received, sum(closed) / sum(received) AS close_rate, CASE WHEN sum(closed) > 0 THEN sum(on_time_rate * closed) / sum(closed) END AS on_time_rate, "
        + "CASE WHEN sum(visited) > 0 THEN sum(satisfied) / sum(visited) END AS satisfaction_rate, sum(yellow_cards) AS yellow, sum(red_cards) AS red, sum(escalations) AS escalations FROM unit_scores "
        + "WHERE dt = (SELECT max(dt) FROM unit_scores) AND period BETWEEN '" + from.substring(0, 7) + "' AND '" + to.substring(0, 7) + "' GROUP BY unit ORDER BY received DESC, unit LIMIT 10")) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %,d | %,d | %,d |%n", r.getString(0), r.getLong(1), rate(r, 2), rate(r, 3), rate(r, 4), r.getLong(5), r.getLong(6), r.getLong(7)));
    }

    // 七、上期问题跟踪
    md.append("\n## 七、上期关注问题跟踪\n\n");
    List<String> previousIds = previousBriefIssues(outDir.getParent(), period);
    if (previousIds.isEmpty()) {
      md.append("无上期简报可供跟踪（首期简报）。\n");
    } else {
      md.append("| 上期热点 | 上期诉求 | 本期诉求 | 变化 |\n|---|---:|---:|---|\n");
      String ids = String.join(",", previousIds.stream().map(s -> "'" + s + "'").toList());
      for (Row r : q.run("follow_up", "SELECT i.label, (SELECT count(*) FROM issue_members m JOIN complaints c USING (complaint_id) WHERE m.dt = " + snap + " AND m.issue_id = i.issue_id AND c.dt BETWEEN '" + prev.from() + "' AND '"
          + prev.to() + "') AS before, (SELECT count(*) FROM issue_members m JOIN complaints c USING (complaint_id) WHERE m.dt = " + snap + " AND m.issue_id = i.issue_id AND c.dt BETWEEN '" + from + "' AND '" + to
          + "') AS now FROM issues i WHERE i.dt = " + snap + " AND i.issue_id IN (" + ids + ") ORDER BY before DESC, i.issue_id")) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s |%n", r.getString(0), r.getLong(1), r.getLong(2), change(r.getLong(2), r.getLong(1))));
      }
    }

    // 八、数据质量
    long quarantined = q.one("quarantined_rows", "SELECT count(*) FROM quarantine");
    long unassigned = q.one("unassigned_complaints", "SELECT count(*) FROM issue_members m JOIN complaints c USING (complaint_id) WHERE m.dt = " + snap + " AND m.issue_id IS NULL AND c.dt BETWEEN '"
        + from + "' AND '" + to + "'" + reg.replace("district", "c.district"));
    long review = q.one("needs_review", "SELECT count(*) FROM classified WHERE needs_review AND dt BETWEEN '" + from + "' AND '" + to + "'");
    md.append("\n## 八、数据质量\n\n");
    md.append(String.format(Locale.ROOT, "- 因格式或内容问题隔离的记录：%,d 条（均登记原因，可在 quarantine 表查看）；%n- 本期未归入任何问题的零散诉求：%,d 件；%n- 分类置信度低、需人工复核的诉求：%,d 件。%n", quarantined, unassigned, review));
    md.append("\n---\n本简报由 Minqing 根据数据湖自动生成；每个数字对应 brief.json 中的一条命名查询（SQL 与结果）。涉及个人信息的内容均已脱敏。\n");

    Map<String, Object> head = new LinkedHashMap<>();
    head.put("level", level.name().toLowerCase(Locale.ROOT));
    Map<String, Object> fromTo = new LinkedHashMap<>(); // not Map.of: its order is salted per JVM, and brief.json must not differ between runs
    fromTo.put("from", from);
    fromTo.put("to", to);
    head.put("period", fromTo);
    head.put("region", region);
    head.put("complaints", n);
    head.put("complaints_previous", np);
    head.put("cases_received", received);
    head.put("cases_closed", closed);
    head.put("yellow_cards", yellow);
    head.put("red_cards", red);
    head.put("hot_issue_ids", hotIds);
    Map<String, Object> side = new LinkedHashMap<>();
    side.put("title", title);
    side.put("headline", head);
    side.put("queries", q.log);
    List<Map<String, Object>> chartLog = new ArrayList<>();
    for (Chart c : charts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", "charts/" + c.file());
      m.put("caption", c.caption());
      m.put("queries", c.queries());
      chartLog.add(m);
    }
    side.put("charts", chartLog);
    side.put("chart_font", BriefCharts.fontName());
    try {
      Files.createDirectories(outDir);
      Path mdPath = outDir.resolve("brief.md");
      Path htmlPath = outDir.resolve("brief.html");
      Path docxPath = outDir.resolve("brief.docx");
      Path jsonPath = outDir.resolve("brief.json");
      Path chartDir = outDir.resolve("charts");
      if (Files.isDirectory(chartDir)) {
        try (var old = Files.list(chartDir)) {
          for (Path f : old.filter(f -> f.toString().endsWith(".png")).toList()) {
            Files.delete(f);
          }
        }
      }
      Files.createDirectories(chartDir);
      for (Chart c : charts) {
        Files.write(chartDir.resolve(c.file()), c.png());
      }
      Files.writeString(mdPath, md.toString());
      Files.writeString(htmlPath, BriefRender.html(md.toString(), outDir));
      Files.write(docxPath, BriefRender.docx(md.toString(), outDir));
      Files.writeString(jsonPath, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(side) + "\n");
      return new Result(mdPath, htmlPath, docxPath, jsonPath, head);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the brief to " + outDir, e);
    }
  }

  /** Daily complaints of the period against the previous period (same day index); weekly sums for periods over 120 days. */
  static Chart trendChart(Period period, Period prev, List<Row> daily) {
    Map<String, Long> byDay = new java.util.HashMap<>();
    for (Row r : daily) {
      byDay.put(r.getString(0), r.getLong(1));
    }
    int days = (int) period.days();
    int bin = days > 120 ? 7 : 1;
    int nb = (days + bin - 1) / bin;
    double[] now = new double[nb];
    double[] before = new double[nb];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < nb; i++) {
      labels.add(period.from().plusDays((long) i * bin).format(java.time.format.DateTimeFormatter.ofPattern("M/d")));
    }
    for (int d = 0; d < days; d++) {
      now[d / bin] += byDay.getOrDefault(period.from().plusDays(d).toString(), 0L);
      before[d / bin] += byDay.getOrDefault(prev.from().plusDays(d).toString(), 0L);
    }
    String per = bin == 1 ? "每日" : "每周";
    return new Chart("trend.png", "图1　" + per + "诉求件数：本期与上期对比", List.of("complaints_per_day"),
        BriefCharts.lines(per + "诉求件数", labels, List.of(new BriefCharts.Series("本期", now, BriefCharts.MAIN, false),
            new BriefCharts.Series("上期（同日序）", before, BriefCharts.SECOND, true)), bin == 1 ? "件/日" : "件/周"));
  }

  /** Places (most complaints first, at most 12) × categories heat grid; null when there is nothing to draw. */
  static Chart placeGrid(List<Row> cells, String placeHead) {
    Map<String, Long> placeTotal = new java.util.TreeMap<>();
    Map<String, Long> catTotal = new java.util.TreeMap<>();
    for (Row r : cells) {
      placeTotal.merge(r.getString(0), r.getLong(2), Long::sum);
      catTotal.merge(r.getString(1), r.getLong(2), Long::sum);
    }
    if (placeTotal.isEmpty()) {
      return null;
    }
    java.util.Comparator<Map.Entry<String, Long>> byCount = Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
    List<String> places = new ArrayList<>(placeTotal.entrySet().stream().filter(e -> !e.getKey().equals("（未注明）")).sorted(byCount).limit(12).map(Map.Entry::getKey).toList());
    if (placeTotal.containsKey("（未注明）")) {
      places.add("（未注明）"); // last: it is not a place
    }
    List<String> cats = catTotal.entrySet().stream().sorted(byCount).map(Map.Entry::getKey).toList();
    long[][] m = new long[places.size()][cats.size()];
    for (Row r : cells) {
      int i = places.indexOf(r.getString(0));
      int j = cats.indexOf(r.getString(1));
      if (i >= 0 && j >= 0) {
        m[i][j] += r.getLong(2);
      }
    }
    String more = placeTotal.size() > places.size() ? "（前 " + places.size() + " 个，共 " + placeTotal.size() + " 个）" : "";
    return new Chart("places-by-category.png", placeHead + " × 一级分类：本期诉求件数" + more, List.of("complaints_by_place_and_category"),
        BriefCharts.grid(placeHead + " × 一级分类（本期件数，颜色越深越多）", places, cats, m));
  }

  /** Hot issue ids of the latest earlier brief of the same level (a sibling folder whose period ends before this one starts). */
  @SuppressWarnings("unchecked")
  static List<String> previousBriefIssues(Path levelDir, Period period) {
    if (levelDir == null || !Files.isDirectory(levelDir)) {
      return List.of();
    }
    Path best = null;
    String bestTo = "";
    try (var s = Files.list(levelDir)) {
      for (Path d : s.sorted().toList()) {
        Path j = d.resolve("brief.json");
        if (!Files.isRegularFile(j)) {
          continue;
        }
        Map<String, Object> m = new ObjectMapper().readValue(j.toFile(), Map.class);
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) m.get("headline")).get("period");
        String t = (String) p.get("to");
        if (t.compareTo(period.from().toString()) < 0 && t.compareTo(bestTo) > 0) {
          best = j;
          bestTo = t;
        }
      }
      if (best == null) {
        return List.of();
      }
      Map<String, Object> m = new ObjectMapper().readValue(best.toFile(), Map.class);
      return (List<String>) ((Map<String, Object>) m.get("headline")).get("hot_issue_ids");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Per issue of the snapshot, its members' complaints up to the period's end ({@code to}), in the
   * region when there is one: complaints, people (distinct complainants; a complaint without one is a
   * person of its own) and support (likes + co-signers) within the period; all complaints up to its
   * end; first and last day; the last 14 days and the 14 before; weekly counts of the 12 weeks ending
   * on {@code to}, oldest first (as {@link Trend#weekly}).
   */
  static String activitySql(String snap, String from, String to, String region) {
    StringBuilder weeks = new StringBuilder();
    for (int w = 0; w < Trend.WEEKS; w++) {
      weeks.append(w == 0 ? "" : ", ").append("sum(CASE WHEN back DIV 7 = ").append(Trend.WEEKS - 1 - w).append(" THEN 1 ELSE 0 END)");
    }
    String reg = region == null ? "" : " AND c.district = '" + region.replace("'", "''") + "'";
    return "SELECT issue_id, count(*) AS total, min(day) AS first_seen, max(day) AS last_seen, sum(CASE WHEN day >= '" + from + "' THEN 1 ELSE 0 END) AS complaints, "
        + "count(DISTINCT CASE WHEN day >= '" + from + "' THEN person END) AS people, sum(CASE WHEN day >= '" + from + "' THEN support ELSE 0 END) AS support, "
        + "sum(CASE WHEN back < 14 THEN 1 ELSE 0 END) AS last14, sum(CASE WHEN back >= 14 AND back < 28 THEN 1 ELSE 0 END) AS prev14, array(" + weeks + ") AS weekly "
        + "FROM (SELECT m.issue_id, c.dt AS day, datediff(DATE '" + to + "', to_date(c.dt)) AS back, coalesce(c.complainant_key, c.complaint_id) AS person, "
        + "coalesce(c.likes, 0) + coalesce(c.co_signers, 0) AS support FROM issue_members m JOIN complaints c USING (complaint_id) WHERE m.dt = " + snap
        + " AND m.issue_id IS NOT NULL AND c.dt <= '" + to + "'" + reg + ") GROUP BY issue_id";
  }

  /**
   * An issue's activity as of the period's end, with its row (of the hot or emerging query: weekly counts at
   * 5, first and last day at 6 and 7, the last 14 days and the 14 before at 8 and 9): its weeks, its
   * burst ({@link Trend#burst}) and its status — new when first seen within the period, else
   * {@link Trend#status} as of the period's end.
   */
  record Activity(Row row, int[] weekly, boolean burst, String status) {
    static Activity of(Row r, String from, LocalDate end) {
      List<Number> w = r.getList(5);
      int[] weekly = w.stream().mapToInt(Number::intValue).toArray();
      LocalDate first = LocalDate.parse(r.getString(6));
      LocalDate last = LocalDate.parse(r.getString(7));
      long last14 = r.getLong(8);
      long prev14 = r.getLong(9);
      double growth = Math.round((last14 - prev14) / (double) Math.max(prev14, 1) * 1000) / 1000.0;
      String status = r.getString(6).compareTo(from) >= 0 ? "new" : Trend.status(first, last, growth, (int) last14, end);
      return new Activity(r, weekly, Trend.burst(weekly), status);
    }
  }

  /** Share of a pattern's routed complaints a department needs to be named for its agenda item. */
  static final double AGENDA_DEPARTMENT_SHARE = 0.2;

  /**
   * The departments named for a pattern's agenda item, lead first: the routing rules' departments
   * ({@code depts}: department, complaints; most first) grouped by their first unit without a
   * parenthesis (人力资源和社会保障局, 人力资源和社会保障局（劳动保障监察） and 人力资源和社会保障局 / 医疗保障局 are one
   * department: the rule's alternatives after " / " are the category's fallbacks, not co-owners),
   * each shown as its most frequent form without the alternatives; a department is named when it
   * has at least {@link #AGENDA_DEPARTMENT_SHARE} of the complaints (the lead always), three at most.
   */
  static List<String> agendaDepartments(List<Row> depts) {
    Map<String, Long> byUnit = new LinkedHashMap<>();
    Map<String, Map<String, Long>> forms = new java.util.HashMap<>();
    long total = 0;
    for (Row d : depts) {
      String form = d.getString(0).split(" / ")[0].strip();
      String unit = form.replaceAll("（[^）]*）", "").strip();
      if (unit.isEmpty()) {
        continue;
      }
      byUnit.merge(unit, d.getLong(1), Long::sum);
      forms.computeIfAbsent(unit, u -> new java.util.TreeMap<>()).merge(form, d.getLong(1), Long::sum);
      total += d.getLong(1);
    }
    List<Map.Entry<String, Long>> ranked = new ArrayList<>(byUnit.entrySet());
    ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : ranked) {
      if (out.size() == 3 || !out.isEmpty() && e.getValue() < AGENDA_DEPARTMENT_SHARE * total) {
        break;
      }
      Map<String, Long> f = forms.get(e.getKey());
      out.add(f.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue().thenComparing(x -> -x.getKey().length())).orElseThrow().getKey());
    }
    return out;
  }

  private static String regionCase(String region) {
    return region == null ? "" : " AND case_id IN (SELECT complaint_id FROM complaints WHERE district = '" + region.replace("'", "''") + "')";
  }

  static String topic(String label) {
    int c = label.indexOf('：');
    String what = c >= 0 ? label.substring(c + 1) : label;
    return "“" + what.split("、")[0] + "”";
  }

  static String pct(long a, long b) {
    return b == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", 100.0 * a / b);
  }

  static String rate(Row r, int i) {
    return r.isNullAt(i) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * r.getDouble(i));
  }

  static String change(long now, long before) {
    if (before == 0) {
      return now == 0 ? "持平" : "新增";
    }
    double d = 100.0 * (now - before) / before;
    return Math.abs(d) < 0.05 ? "持平" : String.format(Locale.ROOT, "%s%.1f%%", d > 0 ? "上升 " : "下降 ", Math.abs(d));
  }

  /** Weekly counts as a text sparkline (▁▂▃▄▅▆▇█), scaled to the issue's own maximum. */
  static String spark(int[] weeks) {
    return spark(java.util.Arrays.stream(weeks).boxed().toList());
  }

  static String spark(List<Integer> weeks) {
    String bars = "▁▂▃▄▅▆▇█";
    int max = 0;
    for (int w : weeks) {
      max = Math.max(max, w);
    }
    StringBuilder sb = new StringBuilder();
    for (int w : weeks) {
      sb.append(max == 0 ? '▁' : bars.charAt((int) Math.round(7.0 * w / max)));
    }
    return sb.toString();
  }

  static String statusZh(String status, boolean burst) {
    String s = switch (status) {
      case "new" -> "新出现";
      case "growing" -> "上升";
      case "stable" -> "平稳";
      case "declining" -> "回落";
      case "dormant" -> "沉寂";
      default -> status;
    };
    return burst ? s + "，突发" : s;
  }

  static String channelZh(String c) {
    return switch (c) {
      case "hotline" -> "12345热线";
      case "web" -> "网络留言";
      case "wechat" -> "微信群";
      case "in_person" -> "面对面";
      case "market_day" -> "赶场日";
      case "appointment" -> "群众约谈";
      case "contact_point" -> "联系点";
      case "letter_visit" -> "来信来访";
      default -> c;
    };
  }
}
