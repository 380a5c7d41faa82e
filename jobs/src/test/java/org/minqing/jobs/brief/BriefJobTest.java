package org.minqing.jobs.brief;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.pipeline.Nightly;

/** The county brief on the whole demo pipeline: structure, numbers against the lake, the sidecar, follow-up, determinism. */
class BriefJobTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Lake lake;
  static Path briefs;
  static String september;
  static String october;
  static JsonNode octoberJson;
  static BriefJob.Result octoberResult;

  @BeforeAll
  static void demoPipelineAndTwoBriefs() throws Exception {
    Path demo = repo().resolve("datasets/demo");
    Map<String, String> o = demoOverrides(tmp.resolve("lake"), "2026-11-01");
    o.put("cases", "{events: [{profile: demo_case_events, paths: [\"" + demo.resolve("events/*.csv") + "\"]}]}");
    MinqingConfig cfg = MinqingConfig.load(null, o);
    Nightly.run(spark(), cfg, Nightly.loadProfiles(cfg), null, "all");
    lake = new Lake(cfg.lake().toString(), spark().sparkContext().hadoopConfiguration());
    briefs = tmp.resolve("briefs/county");
    september = Files.readString(BriefJob.run(spark(), lake, briefs.resolve("2026-09"), BriefJob.Level.COUNTY, BriefJob.Period.parse("2026-09"), null).markdown());
    var r = BriefJob.run(spark(), lake, briefs.resolve("2026-10"), BriefJob.Level.COUNTY, BriefJob.Period.parse("2026-10"), null);
    october = Files.readString(r.markdown());
    octoberResult = r;
    octoberJson = new ObjectMapper().readTree(r.sidecar().toFile());
  }

  @Test
  void sectionsInOrderPatternsFirst() {
    String[] heads = {"## 一、总体情况", "## 二、跨地点共性问题", "## 三、热点问题", "## 四、新出现和突发问题", "## 五、问题分类与区域分布", "## 六、超期件、黄红牌与单位办理情况", "## 七、上期关注问题跟踪", "## 八、数据质量"};
    int at = -1;
    for (String h : heads) {
      int i = october.indexOf(h);
      assertTrue(i > at, h + " missing or out of order");
      at = i;
    }
    assertTrue(october.startsWith("# 县（区）民情分析简报"));
  }

  @Test
  void headlineNumbersMatchTheLake() {
    long oct = spark().read().parquet(lake.table("complaints").toString()).filter("dt BETWEEN '2026-10-01' AND '2026-10-31'").count();
    long sep = spark().read().parquet(lake.table("complaints").toString()).filter("dt BETWEEN '2026-08-31' AND '2026-09-30'").count();
    assertEquals(oct, octoberJson.at("/headline/complaints").asLong());
    assertEquals(sep, octoberJson.at("/headline/complaints_previous").asLong());
    assertTrue(october.contains(String.format("本期共收到群众诉求 **%,d** 件", oct)), october.substring(0, 400));
    long red = spark().read().parquet(lake.table("cards").toString()).filter("colour = 'red' AND dt BETWEEN '2026-10-01' AND '2026-10-31'").count();
    assertEquals(red, octoberJson.at("/headline/red_cards").asLong());
  }

  @Test
  void everyNumberHasItsQuery() {
    JsonNode queries = octoberJson.get("queries");
    assertTrue(queries.size() >= 15);
    JsonNode first = queries.get(0);
    assertEquals("complaints_in_period", first.get("name").asText());
    assertTrue(first.get("sql").asText().startsWith("SELECT count(*) FROM complaints"));
    assertEquals(octoberJson.at("/headline/complaints").asLong(), first.at("/rows/0").elements().next().asLong());
  }

  @Test
  void theDeedPatternLeadsWithItsPlacesAndAnAgendaItem() {
    int patterns = october.indexOf("## 二、");
    int hot = october.indexOf("## 三、");
    String section = october.substring(patterns, hot);
    assertTrue(section.contains("房产证"), section);
    assertTrue(section.contains("建议议题"), section);
    assertTrue(section.contains("不动产登记中心"), "the routed department of the deed complaints: " + section);
  }

  @Test
  void followUpOfThePreviousBriefsIssues() {
    assertTrue(september.contains("无上期简报可供跟踪"));
    String follow = october.substring(october.indexOf("## 七、"), october.indexOf("## 八、"));
    assertTrue(follow.contains("| 上期热点 | 上期诉求 | 本期诉求 | 变化 |"), follow);
    assertTrue(follow.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| 上期") && !l.startsWith("|---")).count() >= 5, follow);
  }

  @Test
  void hotIssuesCountThePeriodNotTheSnapshot() {
    // both briefs come from the run of 2026-11-01; September's hot issues are September's: the
    // construction noise at 桂花路 that begins on 2026-10-18 is not in it, and each row's 本期诉求 is
    // the issue's members received in September
    String sepHot = september.substring(september.indexOf("## 三、"), september.indexOf("## 四、"));
    String octHot = october.substring(october.indexOf("## 三、"), october.indexOf("## 四、"));
    assertTrue(octHot.contains("桂花路：工地、地铁、施工"), octHot);
    assertTrue(!sepHot.contains("桂花路：工地、地铁、施工"), sepHot);
    var members = spark().read().parquet(lake.table("issue_members").toString()).filter("dt = '2026-11-01' AND issue_id IS NOT NULL")
        .join(spark().read().parquet(lake.table("complaints").toString()).selectExpr("complaint_id", "dt AS day"), "complaint_id");
    int rows = 0;
    for (String line : sepHot.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList()) {
      String[] cells = line.split("\\|");
      String label = cells[2].strip();
      String id = spark().read().parquet(lake.table("issues").toString()).filter("dt = '2026-11-01'").filter(org.apache.spark.sql.functions.col("label").equalTo(label))
          .select("issue_id").first().getString(0);
      long inSeptember = members.filter(org.apache.spark.sql.functions.col("issue_id").equalTo(id)).filter("day BETWEEN '2026-09-01' AND '2026-09-30'").count();
      assertEquals(inSeptember, Long.parseLong(cells[3].strip().replace(",", "")), line);
      assertTrue(inSeptember > 0, line);
      rows++;
    }
    assertEquals(10, rows, sepHot);
    // every hot issue is quoted: a WeChat medoid has no title, so the start of its (masked) text stands in
    for (String line : octHot.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList()) {
      assertTrue(!line.split("\\|")[8].isBlank(), line);
    }
    String emerging = october.substring(october.indexOf("## 四、"), october.indexOf("## 五、"));
    // a new issue is one that at least two complaints raised in the period
    for (String line : emerging.lines().filter(l -> l.startsWith("- ") && l.contains("新出现")).toList()) {
      assertTrue(!line.matches(".*：本期 1 件.*"), line);
    }
    assertTrue(emerging.lines().filter(l -> l.startsWith("- ")).findFirst().orElse("").startsWith("- 桂花路：工地、地铁、施工：本期 "), "the planted burst leads: " + emerging);
    assertTrue(emerging.contains("新出现，突发"), emerging);
  }

  @Test
  void theOneOffsAreThoseOfThePeriod() {
    long unassigned = spark().read().parquet(lake.table("issue_members").toString()).filter("dt = '2026-11-01' AND issue_id IS NULL")
        .join(spark().read().parquet(lake.table("complaints").toString()).filter("dt BETWEEN '2026-09-01' AND '2026-09-30'"), "complaint_id").count();
    long all = spark().read().parquet(lake.table("issue_members").toString()).filter("dt = '2026-11-01' AND issue_id IS NULL").count();
    assertTrue(unassigned < all, unassigned + " of " + all);
    assertTrue(september.contains(String.format("本期未归入任何问题的零散诉求：%,d 件", unassigned)), september.substring(september.indexOf("## 八、")));
  }

  @Test
  void anAgendaItemNamesTheDepartmentsThatHandleItsComplaints() {
    var schema = new org.apache.spark.sql.types.StructType().add("department", "string").add("n", "long");
    java.util.function.BiFunction<String, Long, org.apache.spark.sql.Row> row = (d, n) -> new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(new Object[] {d, n}, schema);
    // one department written three ways is one; a fallback's alternatives after " / " are no co-owners;
    // under a fifth of the complaints is not named
    var depts = java.util.List.of(row.apply("人力资源和社会保障局（劳动保障监察）", 50L), row.apply("人力资源和社会保障局 / 医疗保障局", 30L), row.apply("人力资源和社会保障局", 10L),
        row.apply("市场监督管理局", 25L), row.apply("交通运输局 / 公安交警", 9L));
    assertEquals(java.util.List.of("人力资源和社会保障局（劳动保障监察）", "市场监督管理局"), BriefJob.agendaDepartments(depts));
    assertEquals(java.util.List.of("交通运输局"), BriefJob.agendaDepartments(java.util.List.of(row.apply("交通运输局 / 公安交警", 3L))));
    assertEquals(java.util.List.of(), BriefJob.agendaDepartments(java.util.List.of()));
    String section = october.substring(october.indexOf("## 二、"), october.indexOf("## 三、"));
    assertTrue(section.contains("牵头部门：不动产登记中心"), section);
    // every agenda item names each department once, without the rules' fallback alternatives
    for (String line : section.lines().filter(l -> l.contains("牵头部门：")).toList()) {
      String named = line.substring(line.indexOf("牵头部门：") + 5).replace("，配合部门：", "、").replaceAll("。$", "");
      java.util.List<String> units = java.util.Arrays.stream(named.split("、")).map(u -> u.replaceAll("（[^）]*）", "")).toList();
      assertEquals(units.size(), new java.util.HashSet<>(units).size(), line);
      assertTrue(!named.contains(" / "), line);
    }
  }

  @Test
  void thePeriodIsWrittenFromThenTo() throws Exception {
    // brief.json must be the same bytes in every JVM; Map.of iterates in an order salted at start
    String json = Files.readString(briefs.resolve("2026-10/brief.json"));
    var period = java.util.regex.Pattern.compile("\"period\"\\s*:\\s*\\{\\s*\"from\"\\s*:\\s*\"2026-10-01\",\\s*\"to\"\\s*:\\s*\"2026-10-31\"").matcher(json);
    org.junit.jupiter.api.Assertions.assertTrue(period.find(), "period {from, to} in that order");
  }

  @Test
  void sameLakeSameBrief() throws Exception {
    Path again = tmp.resolve("again/county/2026-10");
    Files.createDirectories(again.getParent());
    Files.copy(briefs.resolve("2026-09"), again.getParent().resolve("2026-09"));
    Files.copy(briefs.resolve("2026-09/brief.json"), again.getParent().resolve("2026-09/brief.json"));
    var r = BriefJob.run(spark(), lake, again, BriefJob.Level.COUNTY, BriefJob.Period.parse("2026-10"), null);
    assertEquals(october, Files.readString(r.markdown()));
    assertEquals(Files.readString(briefs.resolve("2026-10/brief.json")), Files.readString(r.sidecar()));
    for (JsonNode c : octoberJson.get("charts")) {
      String f = c.get("file").asText();
      org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(briefs.resolve("2026-10").resolve(f)), Files.readAllBytes(again.resolve(f)), f + " differs on a rerun");
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(octoberResult.html()), Files.readAllBytes(r.html()));
    org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(octoberResult.docx()), Files.readAllBytes(r.docx()));
  }

  @Test
  void chartsAreWrittenReferencedAndEmbeddedInAllThreeFormats() throws Exception {
    Path dir = octoberResult.markdown().getParent();
    JsonNode charts = octoberJson.get("charts");
    assertEquals(5, charts.size(), "trend, hot issues, categories, places × categories, cards by unit: " + charts);
    java.util.List<byte[]> pngs = new java.util.ArrayList<>();
    for (JsonNode c : charts) {
      String f = c.get("file").asText();
      byte[] png = Files.readAllBytes(dir.resolve(f));
      var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
      assertEquals(BriefCharts.WIDTH, img.getWidth(), f);
      assertTrue(october.contains("![" + c.get("caption").asText() + "](" + f + ")"), "Markdown links " + f);
      for (JsonNode qn : c.get("queries")) {
        assertTrue(octoberJson.get("queries").findValuesAsText("name").contains(qn.asText()), "chart query " + qn + " is in the sidecar");
      }
      pngs.add(png);
    }
    String html = Files.readString(octoberResult.html());
    for (byte[] png : pngs) {
      assertTrue(html.contains("data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png)), "HTML inlines each chart");
    }
    try (var doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(Files.newInputStream(octoberResult.docx()))) {
      var pics = doc.getAllPictures();
      assertEquals(pngs.size(), pics.size());
      for (int i = 0; i < pngs.size(); i++) {
        final byte[] want = pngs.get(i);
        assertTrue(pics.stream().anyMatch(p -> java.util.Arrays.equals(p.getData(), want)), "DOCX embeds chart " + i);
      }
      String all = String.join("\n", doc.getParagraphs().stream().map(org.apache.poi.xwpf.usermodel.XWPFParagraph::getText).toList());
      assertTrue(all.contains(charts.get(0).get("caption").asText()), "caption under the picture");
    }
  }

  @Test
  void theTrendChartQueryCoversBothPeriods() {
    JsonNode q = octoberJson.get("queries").findParents("name").stream().filter(n -> n.get("name").asText().equals("complaints_per_day")).findFirst().orElseThrow();
    long oct = 0;
    long sep = 0;
    for (JsonNode r : q.get("rows")) {
      String dt = r.get("dt").asText();
      if (dt.startsWith("2026-10")) {
        oct += r.get("n").asLong();
      } else {
        sep += r.get("n").asLong();
      }
    }
    assertEquals(octoberJson.at("/headline/complaints").asLong(), oct);
    assertEquals(octoberJson.at("/headline/complaints_previous").asLong(), sep);
  }

  @Test
  void periodsParse() {
    assertEquals("2026-07-01", BriefJob.Period.parse("2026-Q3").from().toString());
    assertEquals("2026-09-30", BriefJob.Period.parse("2026-Q3").to().toString());
    assertEquals(15, BriefJob.Period.parse("2026-10-01..2026-10-15").days());
    assertEquals("2026-09-16", BriefJob.Period.parse("2026-10-01..2026-10-15").previous().from().toString());
  }

  @Test
  void docxHasTheOfficialLookAndTheNumbers() throws Exception {
    try (var doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(Files.newInputStream(octoberResult.docx()))) {
      var paragraphs = doc.getParagraphs();
      var title = paragraphs.get(0);
      assertEquals("县（区）民情分析简报", title.getText());
      assertEquals(org.apache.poi.xwpf.usermodel.ParagraphAlignment.CENTER, title.getAlignment());
      assertEquals("方正小标宋简体", title.getRuns().get(0).getFontFamily(org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange.eastAsia));
      var size = doc.getDocument().getBody().getSectPr().getPgSz();
      assertEquals(11906, ((java.math.BigInteger) size.getW()).intValue(), "A4 width");
      assertEquals(16838, ((java.math.BigInteger) size.getH()).intValue(), "A4 height");
      String all = String.join("\n", paragraphs.stream().map(org.apache.poi.xwpf.usermodel.XWPFParagraph::getText).toList());
      assertTrue(all.contains("一、总体情况") && all.contains("八、数据质量"), all.substring(0, 200));
      assertTrue(all.contains(String.format("本期共收到群众诉求 %,d 件", octoberJson.at("/headline/complaints").asLong())), "bold markers are runs, not asterisks");
      assertTrue(doc.getTables().size() >= 5);
      var cards = doc.getTables().stream().filter(t -> t.getRow(0).getCell(0).getText().equals("单位") && t.getRow(0).getCell(2).getText().equals("红牌")).findFirst().orElseThrow();
      String firstUnit = october.substring(october.indexOf("| 单位 | 黄牌 | 红牌 | 目前超期未结 |")).lines().skip(2).findFirst().orElseThrow().split("\\|")[1].strip();
      assertEquals(firstUnit, cards.getRow(1).getCell(0).getText(), "the DOCX cards table carries the Markdown's rows");
    }
  }

  @Test
  void htmlIsSelfContainedAndStructured() throws Exception {
    String html = Files.readString(octoberResult.html());
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">") && html.contains("@page { size: A4"));
    assertEquals(8, html.split("<h2>", -1).length - 1, "eight sections");
    assertTrue(!html.contains("**") && html.contains("<strong>"));
    assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "no outside resources");
    assertTrue(html.split("<table>", -1).length - 1 >= 5);
    // the ten hot issues' sparklines in a narrow monospace cell (in the body font they took a third of the table)
    assertEquals(10, html.split("<td class=\"spark\">", -1).length - 1);
    assertTrue(BriefRender.sparkline("▁▅█") && !BriefRender.sparkline("▁5") && !BriefRender.sparkline(""));
  }

  @Test
  void docxBytesAreStable() throws Exception {
    byte[] a = BriefRender.docx(october, octoberResult.markdown().getParent());
    byte[] b = BriefRender.docx(october, octoberResult.markdown().getParent());
    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(octoberResult.docx()), a);
  }
}
